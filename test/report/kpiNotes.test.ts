import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KpiReport } from '../../engine/report/kpis';
import { cli } from '../helpers/cli';

const TARGET_NOTE = "Ten was last year's plan.";
const METRIC_NOTE = 'Counted before returns.';

/** Two targets: one with a note of its own and on a metric with a note, one with neither (a blank note cell). */
const SPEC = `
name: kpi_notes
seed: 1
data:
  goal_rows:
    rows:
      - { goal_id: 1, metric: orders, goal: 10, why: "${TARGET_NOTE}" }
      - { goal_id: 2, metric: items, goal: 100, why: "  " }
tables:
  orders:
    rows: { count: 5 }
    columns:
      order_id: { type: integer, primary_key: true, sequence: {} }
  goals:
    rows: { static: goal_rows }
    columns:
      goal_id: { type: integer, primary_key: true }
      metric: { type: text }
      goal: { type: real }
      why: { type: text }
kpis:
  targets: { table: goals, id: goal_id, metric: metric, value: goal, note: why }
  metrics:
    orders: { sql: SELECT COUNT(*) AS actual FROM orders, note: ${METRIC_NOTE} }
    items: SELECT 50 AS actual
`;

describe('report: KPI notes (kpis.metrics.<name>.note, kpis.targets.note)', () => {
  let dir: string;
  let spec: string;
  let db: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hopify-kpi-notes-'));
    spec = join(dir, 'notes.yaml');
    db = join(dir, 'notes.db');
    writeFileSync(spec, SPEC);
    expect(cli(['run', spec, '--out', db, '--quiet']).status).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('marks a noted gap in the terminal table and lists each note below it', () => {
    const result = cli(['report', spec, '--db', db]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[2]).toMatch(/^# +metric +target +actual +difference +diff % +note$/);
    expect(lines.find((l) => l.startsWith('1  orders'))).toMatch(/-50\.0%  \[1\]\[2\]$/);
    expect(lines.find((l) => l.startsWith('2  items'))).toMatch(/-50\.0%$/);
    expect(lines).toContain(`[1] ${TARGET_NOTE}`);
    expect(lines).toContain(`[2] ${METRIC_NOTE}`);
  });

  it('gives both notes in --json, and none for a blank cell', () => {
    const result = cli(['report', spec, '--db', db, '--json']);
    expect(result.status).toBe(0);
    const rows = (JSON.parse(result.stdout) as KpiReport).rows;
    expect(rows.map((r) => [r.metric, r.targetNote, r.metricNote])).toEqual([
      ['orders', TARGET_NOTE, METRIC_NOTE],
      ['items', undefined, undefined],
    ]);
  });

  it('shows the metric’s note beside its row of gaps and the target’s in its cell on the HTML page', () => {
    const out = join(dir, 'report.html');
    const result = cli(['report', spec, '--db', db, '--html', out]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const html = readFileSync(out, 'utf8');
    const ordersRow = /<tr><th scope="row"><span class="metric">orders<\/span>.*<\/tr>/.exec(html)![0];
    expect(ordersRow).toContain(`<span class="kpi-note">${METRIC_NOTE}</span></th>`);
    expect(ordersRow).toContain(`<span class="gap">-50.0%</span><span class="kpi-note">Ten was last year&#39;s plan.</span></td>`);
    expect(/<tr><th scope="row"><span class="metric">items<\/span>.*<\/tr>/.exec(html)![0]).not.toContain('kpi-note');
  });

  it('names a note column the targets table lacks, with the closest one', () => {
    const result = cli(['report', spec, '--db', db, '--set', 'kpis.targets.note=whyy']);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('table "goals" has no column "whyy"');
    expect(result.stderr).toContain('kpis.targets.note');
    expect(result.stderr).toContain('"why"');
    expect(result.stderr).toMatch(/notes\.yaml:\d+:\d+/);
  });
});
