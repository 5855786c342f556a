import { join } from 'node:path';
import { formatKpiTable } from '../../engine/report/kpiTable';
import { reportKpis, withShared, type KpiReport } from '../../engine/report/kpis';
import { cli } from '../helpers/cli';
import { runSpec, validateSpec, type SpecRun } from '../helpers/runSpec';
import { BENCHMARKED_SPEC, generate, V15_SPEC } from '../v15/v15Dataset';

interface Benchmark {
  benchmark_id: number;
  metric_name: string;
  segment: string;
  target_value: number;
  target_period: string;
}

/** `report --json` through the real CLI. */
function reportJson(spec: string, db: string, extra: string[] = []): KpiReport {
  const result = cli(['report', spec, '--db', db, '--json', ...extra]);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as KpiReport;
}

/** Every benchmarks row has a numeric actual, and the differences are actual − target. */
function expectEveryTargetMeasured(report: KpiReport, benchmarks: Benchmark[]): void {
  expect(benchmarks).toHaveLength(33);
  expect(report.rows.map((r) => r.id)).toEqual(benchmarks.map((b) => b.benchmark_id));
  report.rows.forEach((row, i) => {
    const b = benchmarks[i];
    expect([row.metric, row.segment, row.period, row.target]).toEqual([b.metric_name, b.segment, b.target_period, b.target_value]);
    expect([row.metric, row.segment, row.status, Number.isFinite(row.actual)]).toEqual([b.metric_name, b.segment, 'ok', true]);
    expect(row.difference).toBeCloseTo(row.actual! - b.target_value, 9);
    expect(row.differencePercent).toBeCloseTo(((row.actual! - b.target_value) / b.target_value) * 100, 9);
  });
  expect(report.summary).toEqual({ rows: 33, targets: 33, measured: 33, noMetric: 0, noValue: 0, noTarget: 0 });
}

const actual = (report: KpiReport, metric: string, segment: string) => report.rows.find((r) => r.metric === metric && r.segment === segment)!.actual!;

describe('report on specs/v15.yaml', () => {
  let run: SpecRun;
  let benchmarks: Benchmark[];
  let report: KpiReport;
  beforeAll(async () => {
    run = await generate(V15_SPEC, 0.05);
    benchmarks = run.rows('benchmarks') as unknown as Benchmark[];
    report = reportJson(V15_SPEC, run.dbPath);
  });
  afterAll(() => run?.close());

  it('measures every one of the 33 benchmarks rows (--json)', () => {
    expect(report.name).toBe('hopify_v15');
    expect(report.asOf).toBe('2025-06-30');
    expect(report.database).toBe(run.dbPath);
    expectEveryTargetMeasured(report, benchmarks);
  });

  it('measures what the data says', () => {
    // Spend is planned signups × segment share × the CAC target: CAC lands near it.
    expect(Math.abs(actual(report, 'CAC Target', 'SMB') / 200 - 1)).toBeLessThan(0.1);
    expect(Math.abs(actual(report, 'CAC Target', 'Mid-Market') / 500 - 1)).toBeLessThan(0.15);
    // New customers per month over the 12 complete months before as_of, straight from customers.
    const newSmb = run.db
      .prepare("SELECT COUNT(*) / 12.0 AS n FROM customers WHERE customer_segment = 'SMB' AND signup_date >= '2024-06-01' AND signup_date < '2025-06-01'")
      .get() as { n: number };
    expect(actual(report, 'Monthly New Customers Target', 'SMB')).toBeCloseTo(newSmb.n, 9);
    // Churn by segment keeps its order; ARR is 12 × MRR; GRR never exceeds NRR; LTV = ARPU / churn.
    expect(actual(report, 'Monthly Churn Target (%)', 'SMB')).toBeGreaterThan(actual(report, 'Monthly Churn Target (%)', 'Enterprise'));
    for (const segment of ['SMB', 'Mid-Market', 'Enterprise']) {
      expect(actual(report, 'ARR Target', segment)).toBeCloseTo(12 * actual(report, 'MRR Target', segment), 6);
      expect(actual(report, 'GRR Target (%)', segment)).toBeLessThanOrEqual(actual(report, 'NRR Target (%)', segment));
      expect(actual(report, 'GRR Target (%)', segment)).toBeLessThanOrEqual(100);
      expect(actual(report, 'LTV Target', segment)).toBeCloseTo(actual(report, 'ARPU Target', segment) / (actual(report, 'Monthly Churn Target (%)', segment) / 100), 6);
      expect(Math.abs(actual(report, 'Support to Churn Correlation (%)', segment))).toBeLessThanOrEqual(100);
    }
  });

  it('prints every row in the table, with target, actual and difference', () => {
    const result = cli(['report', V15_SPEC, '--db', run.dbPath]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toContain('KPIs of hopify_v15');
    expect(lines[2]).toMatch(/^ *# +metric +segment +period +target +actual +difference +diff % +note$/);
    for (const row of report.rows) {
      const line = lines.find((l) => new RegExp(`^ *${row.id}  `).test(l));
      expect([row.id, line]).toEqual([row.id, expect.stringContaining(row.metric)]);
      const diff = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' }).format(row.difference!);
      expect(line).toContain(`  ${row.segment}  `);
      expect(line).toContain(new Intl.NumberFormat('en-US', { minimumFractionDigits: 2 }).format(row.target!));
      expect(line).toContain(` ${diff} `);
    }
    expect(result.stdout).toContain('33 targets: 33 measured.');
  });

  it('notes every gap over 100%: the original targets contradict each other and its prices', () => {
    const far = report.rows.filter((row) => Math.abs(row.differencePercent!) > 100);
    expect(far.length).toBeGreaterThan(0);
    for (const row of far) expect([row.metric, row.segment, row.metricNote]).toEqual([row.metric, row.segment, expect.stringMatching(/\w/)]);
  });

  it('counts from :as_of (the spec’s, or --as-of)', async () => {
    const earlier = await reportKpis(V15_SPEC, { db: run.dbPath, asOf: '2024-12-31' });
    expect(earlier.asOf).toBe('2024-12-31');
    expect(earlier.summary.measured).toBe(33);
    const newSmb = run.db
      .prepare("SELECT COUNT(*) / 12.0 AS n FROM customers WHERE customer_segment = 'SMB' AND signup_date >= '2023-12-01' AND signup_date < '2024-12-01'")
      .get() as { n: number };
    expect(actual(earlier, 'Monthly New Customers Target', 'SMB')).toBeCloseTo(newSmb.n, 9);
  });

  it('names the metric, its spec path and position when its SQL fails', () => {
    const result = cli(['report', V15_SPEC, '--db', run.dbPath, '--set', 'kpis.metrics.ARPU Target.sql=SELECT segment, no_such_column AS actual FROM arpu']);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('KPI "ARPU Target" failed: no such column: no_such_column');
    expect(result.stderr).toContain('kpis.metrics.ARPU Target.sql');
    expect(result.stderr).toMatch(/v15\.yaml:\d+:\d+/);
    expect(result.stderr).not.toMatch(/internal error/);
  });

  it('refuses a query that writes, before opening the database', async () => {
    await expect(reportKpis(V15_SPEC, { db: run.dbPath, set: ['kpis.with.span=DELETE FROM customers'] })).rejects.toMatchObject({
      problems: [{ code: 'SPEC_UNSAFE_SQL', path: 'kpis.with.span', message: 'DELETE is not allowed: spec SQL may only SELECT' }],
    });
  });

  it('tells to run the spec first when the database does not exist', async () => {
    const missing = join(run.dbPath, '..', 'missing.db');
    await expect(reportKpis(V15_SPEC, { db: missing })).rejects.toMatchObject({
      problems: [{ code: 'TARGET_UNREACHABLE', message: `database ${missing} does not exist`, hint: `run it first: hopify-engine run ${V15_SPEC} --out ${missing}` }],
    });
  });
});

describe('report on specs/scenarios/benchmarked.yaml', () => {
  let run: SpecRun;
  beforeAll(async () => {
    run = await generate(BENCHMARKED_SPEC, 0.02);
  });
  afterAll(() => run?.close());

  it('inherits the KPIs and measures every benchmarks row', () => {
    const report = reportJson(BENCHMARKED_SPEC, run.dbPath);
    expect(report.name).toBe('hopify_v15_benchmarked');
    expectEveryTargetMeasured(report, run.rows('benchmarks') as unknown as Benchmark[]);
    // Its calibration raises Mid-Market churn towards the 2% target.
    expect(actual(report, 'Monthly Churn Target (%)', 'Mid-Market')).toBeGreaterThan(1.3);
  });
});

// A spec of its own: nothing about Hopify is built in.
const SHOP = `
name: tiny
seed: 3
as_of: 2025-06-30
tables:
  goals:
    rows:
      static:
        rows:
          - { goal: 1, kpi: orders, team: north, want: 10 }
          - { goal: 2, kpi: orders, team: south, want: 10 }
          - { goal: 3, kpi: average, team: north, want: 5 }
          - { goal: 4, kpi: average, team: south, want: 5 }
          - { goal: 5, kpi: refunds, team: north, want: 0 }
          - { goal: 6, kpi: orders, team: west, want: 3 }
    columns:
      goal: { type: integer, primary_key: true }
      kpi: { type: text }
      team: { type: text }
      want: { type: real }
  orders:
    rows: { count: 40 }
    columns:
      order_id: { type: integer, primary_key: true, sequence: {} }
      team: { type: text, choice: { values: [north, south, east] } }
      amount: { type: integer, integer: { min: 1, max: 9 } }
kpis:
  targets: { table: goals, id: goal, metric: kpi, segment: team, value: want }
  with:
    by_team: SELECT team AS segment, COUNT(*) AS n, AVG(amount) AS mean FROM orders GROUP BY team
  metrics:
    orders: SELECT segment, n AS actual FROM by_team
    average:
      description: One row without a segment answers every segment's target.
      sql: WITH o AS (SELECT amount FROM orders) SELECT AVG(amount) AS actual FROM o
`;

describe('report on any spec', () => {
  let run: SpecRun;
  beforeAll(async () => {
    run = await runSpec(SHOP);
  });
  afterAll(() => run?.close());
  const specPath = () => join(run.dbPath, '..', 'spec.yaml');

  it('lists a target without a metric as "no metric" and exits 1; rows without a target are shown', () => {
    const result = cli(['report', specPath(), '--db', run.dbPath, '--json']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('"refunds" (north): no metric of that name in kpis.metrics');
    expect(result.stderr).toContain('"orders" (west): its query returned no row for this target');
    const report = JSON.parse(result.stdout) as KpiReport;
    const byGoal = Object.fromEntries(report.rows.map((r) => [String(r.id ?? `${r.metric}/${r.segment}`), r]));
    const count = (team: string) => (run.db.prepare('SELECT COUNT(*) AS n FROM orders WHERE team = ?').get(team) as { n: number }).n;
    const mean = (run.db.prepare('SELECT AVG(amount) AS m FROM orders').get() as { m: number }).m;
    expect(byGoal['1']).toMatchObject({ metric: 'orders', segment: 'north', target: 10, actual: count('north'), difference: count('north') - 10, status: 'ok' });
    expect(byGoal['3']).toMatchObject({ segment: 'north', actual: mean, status: 'ok', description: "One row without a segment answers every segment's target." });
    expect(byGoal['4']).toMatchObject({ segment: 'south', actual: mean, status: 'ok' });
    expect(byGoal['5']).toMatchObject({ metric: 'refunds', actual: null, status: 'no metric' });
    expect(byGoal['6']).toMatchObject({ metric: 'orders', segment: 'west', target: 3, actual: null, status: 'no value' });
    expect(byGoal['orders/east']).toMatchObject({ target: null, actual: count('east'), status: 'no target' });
    expect(report.summary).toEqual({ rows: 7, targets: 6, measured: 4, noMetric: 1, noValue: 1, noTarget: 1 });
  });

  it('shows the same in the table, and takes the spec’s output when --db is omitted', async () => {
    const report = await reportKpis(specPath(), { set: [`output=${run.dbPath}`] });
    const table = formatKpiTable(report);
    expect(table).toContain(`KPIs of tiny in ${run.dbPath}`);
    expect(table).toMatch(/\n *# +metric +segment +target +actual +difference +diff % +status\n/);
    expect(table).toMatch(/\n *5 +refunds +north +0\.00 +— +— +— +no metric\n/);
    expect(table).toMatch(/\n +orders +east +— +\d+\.00 +— +— +no target\n/);
    expect(table).toMatch(/\n *6 +orders +west +3\.00 +— +— +— +no value\n/);
    expect(table).toContain('6 targets: 4 measured, 1 without a metric, 1 without a value; 1 measured row without a target.');
  });

  it('checks the targets against the spec’s tables and columns', async () => {
    await expect(reportKpis(specPath(), { db: run.dbPath, set: ['kpis.targets.table=goal'] })).rejects.toThrow(/SPEC_UNKNOWN_TABLE: no table "goal"/);
    await expect(reportKpis(specPath(), { db: run.dbPath, set: ['kpis.targets.value=wants'] })).rejects.toThrow(/SPEC_UNKNOWN_COLUMN: table "goals" has no column "wants"/);
  });

  it('validates the kpis: section against the schema', () => {
    const bad = SHOP.replace('  metrics:\n', '  metric:\n');
    expect(validateSpec(bad).map((p) => p.path)).toContain('kpis.metric');
    expect(validateSpec(SHOP.replace('id: goal,', 'id: goal, unit: eur,')).map((p) => p.path)).toContain('kpis.targets.unit');
  });
});

describe('withShared', () => {
  it('puts the shared queries first, and joins a metric’s own WITH to them', () => {
    const views: [string, string][] = [['a', 'SELECT 1 AS x;']];
    expect(withShared([], 'SELECT 1;  ')).toBe('SELECT 1');
    expect(withShared(views, 'SELECT x FROM a')).toBe('WITH RECURSIVE "a" AS (\nSELECT 1 AS x\n)\nSELECT x FROM a');
    expect(withShared(views, '-- mine\nWITH b AS (SELECT x FROM a) SELECT * FROM b')).toBe('WITH RECURSIVE "a" AS (\nSELECT 1 AS x\n),\nb AS (SELECT x FROM a) SELECT * FROM b');
  });
});
