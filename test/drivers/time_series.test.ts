import { runSpec, validateSpec } from '../helpers/runSpec';

/** A spec whose table `plan` is a time_series with `options` (YAML flow mappings, one per line, indented 8). */
function planSpec(options: string, extraColumns = '', seed = 1, asOf = '2025-06-30'): string {
  return `
name: ts
seed: ${seed}
as_of: ${asOf}
tables:
  plan:
    rows:
      time_series:
${options
  .trim()
  .split('\n')
  .map((line) => `        ${line.trim()}`)
  .join('\n')}
    columns:
      start: { type: date, from: period.start }
      end: { type: date, from: period.end }
      value: { type: real }
      series: { type: text }
      label: { type: text }
      boosted: { type: integer }
${extraColumns}
`;
}

type PlanRow = { start: string; end: string; value: number; series: string | null; label: string | null; boosted: number };

async function planRows(options: string, seed = 1, asOf = '2025-06-30', scale?: number): Promise<PlanRow[]> {
  const run = await runSpec(planSpec(options, '', seed, asOf), { scale });
  try {
    return run.rows('plan') as PlanRow[];
  } finally {
    run.close();
  }
}

describe('time_series driver', () => {
  it('expresses "36 months ending last month": whole months, each ending on its last day', async () => {
    const rows = await planRows('period: month\nperiods: 36\nto: -1 month\nbase: 100');
    expect(rows).toHaveLength(36);
    expect(rows[0]).toMatchObject({ start: '2022-06-01', end: '2022-06-30', value: 100, series: null, label: null, boosted: 0 });
    expect(rows[35]).toMatchObject({ start: '2025-05-01', end: '2025-05-31' });
    expect(rows.find((r) => r.start === '2024-02-01')!.end).toBe('2024-02-29');
  });

  it('aligns from/to to whole periods: weeks start on Monday, quarters on Jan/Apr/Jul/Oct', async () => {
    const weeks = await planRows('period: week\nfrom: 2025-01-01\nto: 2025-01-31\nbase: 1');
    expect(weeks.map((w) => w.start)).toEqual(['2024-12-30', '2025-01-06', '2025-01-13', '2025-01-20', '2025-01-27']);
    expect(weeks[0].end).toBe('2025-01-05');
    const quarters = await planRows('period: quarter\nfrom: -1 year\nbase: 1');
    expect(quarters.map((q) => `${q.start}..${q.end}`)).toEqual(['2024-04-01..2024-06-30', '2024-07-01..2024-09-30', '2024-10-01..2024-12-31', '2025-01-01..2025-03-31', '2025-04-01..2025-06-30']);
  });

  it('ends a period that reaches past as_of at as_of and prorates its value', async () => {
    const rows = await planRows('period: month\nfrom: 2025-05-01\nbase: 300', 1, '2025-06-10');
    expect(rows.map((r) => [r.start, r.end, r.value])).toEqual([
      ['2025-05-01', '2025-05-31', 300],
      ['2025-06-01', '2025-06-10', 100],
    ]);
  });

  it('applies trend, monthly factors, season ranges and labels', async () => {
    const rows = await planRows(`
      period: month
      from: 2024-01-01
      to: 2024-12-31
      base: 1000
      trend: { per_period: 0.1 }
      monthly: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]
      seasons: [{ label: Holiday Season Spike, months: [Nov, 12], between: [5000, 5000] }, { label: Summer Dip, months: [6, 7, 8], factor: 0.5 }]
      label: Organic Growth`);
    expect(rows[0]).toMatchObject({ value: 1000, label: 'Organic Growth' });
    expect(rows[1].value).toBe(1100);
    expect(rows[5]).toMatchObject({ value: Math.round(1000 * 1.1 ** 5 * 0.5), label: 'Summer Dip' });
    expect(rows[10]).toMatchObject({ value: Math.round(5000 * 1.1 ** 10), label: 'Holiday Season Spike' });
    expect(rows[11]).toMatchObject({ value: Math.round(5000 * 1.1 ** 11 * 2) });
  });

  it('reproduces a plan of value ranges with a campaign in April and joins labels of a season and a boost', async () => {
    const rows = await planRows(`
      period: month
      periods: 36
      to: -1 month
      base: { integer: { min: 1800, max: 2300 } }
      seasons: [{ label: Summer Dip, months: [Jun, Jul, Aug], between: [1200, 1800] }, { label: Holiday Season Spike, months: [Nov, Dec, Jan], between: [2200, 3000] }]
      boosts: [{ label: Spring Campaign, months: [Apr], probability: 0.5, between: [3000, 4000] }, { label: Campaign, months: [Dec], probability: 1, factor: 1 }]
      label: Organic Growth`);
    for (const row of rows) {
      const month = Number(row.start.slice(5, 7));
      const [lo, hi] = row.boosted && month === 4 ? [3000, 4000] : [6, 7, 8].includes(month) ? [1200, 1800] : [11, 12, 1].includes(month) ? [2200, 3000] : [1800, 2300];
      expect(row.value).toBeGreaterThanOrEqual(lo);
      expect(row.value).toBeLessThanOrEqual(hi);
      expect(Number.isInteger(row.value)).toBe(true);
      if (month === 12) expect(row).toMatchObject({ label: 'Holiday Season Spike - Campaign', boosted: 1 });
      if (month === 4) expect(row.label).toBe(row.boosted ? 'Spring Campaign' : 'Organic Growth');
      if (![4, 12].includes(month)) expect(row.boosted).toBe(0);
    }
  });

  it('emits one row per period per series, with by: cases on period.series', async () => {
    const rows = await planRows(`
      period: month
      periods: 4
      series: [{ name: Paid Search }, { name: Organic, base: 9 }, { name: Social }]
      base: { by: period.series, cases: { Social: { constant: 5 } }, constant: 1 }`);
    expect(rows).toHaveLength(12);
    expect(rows.slice(0, 3).map((r) => [r.series, r.value])).toEqual([
      ['Paid Search', 1],
      ['Organic', 9],
      ['Social', 5],
    ]);
    expect(new Set(rows.slice(3, 6).map((r) => r.start)).size).toBe(1);
  });

  it('scales values with --scale unless scaled: false', async () => {
    expect((await planRows('period: month\nperiods: 2\nbase: 100', 1, '2025-06-30', 2.5))[0].value).toBe(250);
    expect((await planRows('period: month\nperiods: 2\nbase: 100\nscaled: false', 1, '2025-06-30', 2.5))[0].value).toBe(100);
    expect((await planRows('period: month\nperiods: 2\nbase: 100.567\nround: 2'))[0].value).toBe(100.57);
  });

  it('shows its seasonality in aggregates over many seeds', async () => {
    const options = `
      period: month
      periods: 24
      to: -1 month
      base: 1000
      monthly: [1.4, 1, 1, 1, 1, 1, 0.6, 1, 1, 1, 1, 1]
      seasons: [{ label: Autumn, months: [Oct], factor: [1.1, 1.3] }]
      noise: 0.1`;
    const byMonth = new Map<number, number[]>();
    for (let seed = 1; seed <= 30; seed++) {
      for (const row of await planRows(options, seed)) {
        const month = Number(row.start.slice(5, 7));
        byMonth.set(month, [...(byMonth.get(month) ?? []), row.value]);
      }
    }
    const mean = (month: number) => byMonth.get(month)!.reduce((a, b) => a + b, 0) / byMonth.get(month)!.length;
    // 60 draws per month with 10% noise: a ratio of two means has a standard deviation of about 1.8%.
    expect(Math.abs(mean(1) / mean(3) - 1.4)).toBeLessThan(0.08);
    expect(Math.abs(mean(7) / mean(3) - 0.6)).toBeLessThan(0.04);
    expect(Math.abs(mean(10) / mean(3) - 1.2)).toBeLessThan(0.07);
  });

  it('boosts periods at the configured rate, by the configured factor', async () => {
    const rows = await planRows(`
      period: day
      from: -2 years
      to: -1 day
      series: [{ name: a }, { name: b }, { name: c }, { name: d }, { name: e }]
      base: 100
      round: 4
      boosts: [{ label: Flash Sale, probability: 0.2, factor: [1.5, 2.5] }]`);
    // 2023-06-30 … 2025-06-29, a leap day included.
    expect(rows.length).toBe(731 * 5);
    const boosted = rows.filter((r) => r.boosted === 1);
    // 3655 periods: the share's standard deviation is 0.0066.
    expect(boosted.length / rows.length).toBeGreaterThan(0.18);
    expect(boosted.length / rows.length).toBeLessThan(0.22);
    for (const row of boosted) expect(row.label).toBe('Flash Sale');
    const meanFactor = boosted.reduce((a, r) => a + r.value, 0) / boosted.length / 100;
    expect(meanFactor).toBeCloseTo(2, 1);
    expect(rows.filter((r) => !r.boosted).every((r) => r.value === 100)).toBe(true);
  });

  it('drives a table whose per-period counts match the plan exactly', async () => {
    const spec = `
name: driven
seed: 9
as_of: 2025-06-30
tables:
  signup_plan:
    rows:
      time_series: { period: month, periods: 36, to: -1 month, base: 400, trend: { per_year: 0.2 }, seasons: [{ months: [Nov, Dec], factor: [1.4, 1.8] }], boosts: [{ probability: 0.2, factor: [1.2, 1.5] }], noise: 0.1 }
    columns:
      month_start: { type: date, from: period.start }
      month_end: { type: date, from: period.end }
      signups: { type: integer, from: period.value }
  customers:
    rows: { each_unit: { plan: signup_plan, count: signups, start: month_start, end: month_end } }
    columns:
      customer_id: { type: integer, primary_key: true, sequence: {} }
      signup_at: { type: datetime, from: unit.date }
      month: { type: date, from: parent.month_start }
`;
    const run = await runSpec(spec);
    try {
      const mismatches = run.db
        .prepare(
          `SELECT p.month_start, p.signups, COUNT(c.customer_id) AS n FROM signup_plan p
           LEFT JOIN customers c ON substr(c.signup_at, 1, 7) = substr(p.month_start, 1, 7)
           GROUP BY p.month_start HAVING n <> p.signups`,
        )
        .all();
      expect(mismatches).toEqual([]);
      const total = run.db.prepare('SELECT SUM(signups) AS n FROM signup_plan').get() as { n: number };
      expect(run.result.tables.find((t) => t.name === 'customers')!.rows).toBe(total.n);
    } finally {
      run.close();
    }
  });

  it('reports window and option faults at their option', () => {
    const problems = validateSpec(planSpec('period: month\nfrom: -3 months\nto: +1 month\nbase: 1'));
    expect(problems).toEqual([expect.objectContaining({ code: 'SPEC_BAD_OPTION', path: 'tables.plan.rows.time_series.to', message: expect.stringContaining('after as_of') })]);
    expect(validateSpec(planSpec('period: month\nfrom: -3 months\nperiods: 3\nbase: 1'))[0].message).toMatch(/either from/);
    expect(validateSpec(planSpec('period: month\nperiods: 3\nbase: 1\nseasons: [{ months: [Smarch], factor: 2 }]'))[0]).toMatchObject({
      path: 'tables.plan.rows.time_series.seasons[0].months[0]',
      message: expect.stringContaining('not a month'),
    });
    expect(validateSpec(planSpec('period: month\nperiods: 3\nbase: { by: period.serie, cases: {} }'))[0]).toMatchObject({
      code: 'SPEC_UNKNOWN_NAME',
      path: 'tables.plan.rows.time_series.base.by',
      hint: 'did you mean "period.series"?',
    });
  });
});
