import { runSpec, validateSpec } from '../helpers/runSpec';
import { tableHashes } from '../helpers/tableHashes';

/** A static plan (one row per period) and a table driven by it with `options` added to each_unit. */
function unitSpec(planRows: string, options = '', asOf = '2025-06-30'): string {
  return `
name: units
seed: 4
as_of: ${asOf}
tables:
  plan:
    rows:
      static:
        rows: ${planRows}
    columns:
      period_start: { type: date }
      period_end: { type: date }
      units: { type: integer }
      region: { type: text }
  events:
    rows:
      each_unit: { plan: plan, count: units, start: period_start, end: period_end${options} }
    columns:
      event_id: { type: integer, primary_key: true, sequence: {} }
      at: { type: datetime, from: unit.date }
      number: { type: integer, from: unit.number }
      of: { type: integer, from: unit.of }
      region: { type: text, from: parent.region }
`;
}

const MONTHS = `[
          { period_start: 2025-01-01, period_end: 2025-01-31, units: 3000, region: EU },
          { period_start: 2025-02-01, period_end: 2025-02-28, units: 0, region: EU },
          { period_start: 2025-03-01, period_end: 2025-03-31, units: 1500, region: US } ]`;

describe('each_unit driver', () => {
  it("makes each plan row's count of rows, dated inside its period, in date order, reading the plan row as parent", async () => {
    const run = await runSpec(unitSpec(MONTHS));
    try {
      const perMonth = run.db.prepare("SELECT substr(at, 1, 7) AS month, region, COUNT(*) AS n, MAX(number) AS last, MIN(of) AS of FROM events GROUP BY 1, 2 ORDER BY 1").all();
      expect(perMonth).toEqual([
        { month: '2025-01', region: 'EU', n: 3000, last: 3000, of: 3000 },
        { month: '2025-03', region: 'US', n: 1500, last: 1500, of: 1500 },
      ]);
      const outOfOrder = run.db.prepare('SELECT COUNT(*) AS n FROM events a JOIN events b ON b.event_id = a.event_id + 1 WHERE b.at < a.at').get();
      expect(outOfOrder).toEqual({ n: 0 });
      const times = run.db.prepare("SELECT COUNT(DISTINCT substr(at, 12, 2)) AS hours FROM events").get() as { hours: number };
      expect(times.hours).toBe(24);
    } finally {
      run.close();
    }
  });

  it('weights weekdays, and gives midnights with time: false', async () => {
    const run = await runSpec(unitSpec('[{ period_start: 2024-01-01, period_end: 2024-12-29, units: 30000, region: EU }]', ', weekdays: { sat: 0.5, sun: 0 }, time: false'));
    try {
      const byDay = run.db.prepare("SELECT strftime('%w', at) AS weekday, COUNT(*) AS n FROM events GROUP BY 1").all() as { weekday: string; n: number }[];
      const share = (weekday: string) => (byDay.find((d) => d.weekday === weekday)?.n ?? 0) / 30000;
      expect(share('0')).toBe(0);
      // Weights 1,1,1,1,1,0.5 over 52 weeks each: Saturday's share is 0.5 / 5.5.
      expect(Math.abs(share('6') - 0.5 / 5.5)).toBeLessThan(0.008);
      expect(Math.abs(share('3') - 1 / 5.5)).toBeLessThan(0.01);
      expect(run.db.prepare("SELECT COUNT(*) AS n FROM events WHERE substr(at, 12) <> '00:00:00'").get()).toEqual({ n: 0 });
    } finally {
      run.close();
    }
  });

  it('never dates a unit after as_of, even inside the current period', async () => {
    const run = await runSpec(unitSpec('[{ period_start: 2025-06-01, period_end: 2025-06-30, units: 5000, region: EU }]', '', '2025-06-15'));
    try {
      expect(run.db.prepare("SELECT MAX(at) AS last FROM events").get()).toEqual({ last: '2025-06-15 00:00:00' });
    } finally {
      run.close();
    }
  });

  it('splits a plan row larger than a chunk across chunks, deterministically, keeping the exact count', async () => {
    const spec = unitSpec('[{ period_start: 2024-01-01, period_end: 2024-12-31, units: 25000, region: EU }, { period_start: 2025-01-01, period_end: 2025-01-31, units: 7, region: US }]');
    const first = await runSpec(spec);
    const again = await runSpec(spec);
    try {
      expect(first.db.prepare('SELECT region, COUNT(*) AS n FROM events GROUP BY 1 ORDER BY 1').all()).toEqual([
        { region: 'EU', n: 25000 },
        { region: 'US', n: 7 },
      ]);
      expect(tableHashes(again.db)).toEqual(tableHashes(first.db));
      expect(first.db.prepare('SELECT COUNT(DISTINCT number) AS n FROM events').get()).toEqual({ n: 25000 });
    } finally {
      first.close();
      again.close();
    }
  });

  it('names unknown plan columns with a suggestion', () => {
    const problems = validateSpec(unitSpec(MONTHS).replace('count: units', 'count: unit'));
    expect(problems).toEqual([expect.objectContaining({ code: 'SPEC_UNKNOWN_COLUMN', path: 'tables.events.rows.each_unit.count', hint: 'did you mean "units"?' })]);
  });
});
