import { gatherReport, type ReportContent } from '../../engine/report/html/gatherReport';
import { runSpec, writeSpec, type SpecRun } from '../helpers/runSpec';

/** A small dataset of its own: the report knows nothing of any particular one. */
const TABLES = `
name: clinic
seed: 5
as_of: 2025-06-30
tables:
  patients:
    description: People registered at the clinic.
    rows: { count: 300 }
    columns:
      patient_id: { type: integer, primary_key: true, sequence: {} }
      ward: { type: text, choice: { values: [north, south, east] } }
      registered: { type: date, format: YYYY-MM-DD, date_between: { from: 2025-01-01, to: 2025-04-30 } }
      stay_days: { type: real, uniform: { min: 0.5, max: 30 } }
      score: { type: integer, integer: { min: 1, max: 9 }, null_probability: 0.2 }
  plan:
    rows:
      static:
        rows:
          - { month: 2025-01, planned: 70 }
          - { month: 2025-02, planned: 70 }
          - { month: 2025-03, planned: 80 }
          - { month: 2025-04, planned: 80 }
    columns:
      month: { type: text }
      planned: { type: integer }
`;

/** The line of the first chart of a `charts:` section appended to TABLES. */
const FIRST_CHART_LINE = (TABLES + 'charts:\n').split('\n').length;

const MONTH = 'SUBSTR(CAST(registered AS CHAR(19)), 1, 7)';

const CHARTS = `
charts:
  registrations:
    title: Registrations per month by ward
    type: stacked_bar
    sql: >
      SELECT p.month, r.ward, r.patients, p.planned FROM plan p
      JOIN (SELECT ${MONTH} AS month, ward, COUNT(*) AS patients FROM patients GROUP BY ${MONTH}, ward) r ON r.month = p.month
      ORDER BY p.month, r.ward
    x: month
    y: patients
    series: ward
    overlay: planned
    labels: { planned: Plan }
  by_ward:
    type: bar
    sql: SELECT ward, COUNT(*) AS patients, SUM(score) AS score FROM patients GROUP BY ward ORDER BY ward
    x: ward
    y: [patients, score]
    labels: { patients: Patients }
  stays:
    title: Length of stay
    type: histogram
    sql: SELECT ward, stay_days FROM patients
    x: stay_days
    series: ward
    bin_width: 5
  scores:
    type: histogram
    sql: SELECT score FROM patients
    x: score
    bins: 4
  gaps:
    type: line
    sql: SELECT patient_id, score FROM patients WHERE patient_id <= 20 ORDER BY patient_id
    x: patient_id
    y: score
  today:
    type: bar
    sql: SELECT :as_of AS day, COUNT(*) AS n FROM patients WHERE registered <= :as_of
    x: day
    y: n
`;

describe('the HTML report reads its charts from the spec and the database', () => {
  let run: SpecRun;
  let content: ReportContent;
  /** A spec of the same tables with other charts, reading the same database. */
  const report = (charts: string, extra: Parameters<typeof gatherReport>[1] = {}) => gatherReport(writeSpec(TABLES + charts), { db: run.dbPath, ...extra });
  const chart = (name: string) => content.charts.find((c) => c.spec.name === name)!.data;
  const all = (sql: string) => run.db.prepare(sql).all() as Record<string, number | string | null>[];

  beforeAll(async () => {
    run = await runSpec(TABLES + CHARTS);
    content = await report(CHARTS);
  });
  afterAll(() => run?.close());

  it('keeps the charts in the order of the spec, with the rows each query returned', () => {
    expect(content.charts.map((c) => [c.spec.name, c.spec.title])).toEqual([
      ['registrations', 'Registrations per month by ward'],
      ['by_ward', 'by_ward'],
      ['stays', 'Length of stay'],
      ['scores', 'scores'],
      ['gaps', 'gaps'],
      ['today', 'today'],
    ]);
    expect(chart('by_ward').rows).toBe(3);
  });

  it('makes one dataset per series value, x labels in query order, and the overlay one value per x', () => {
    const data = chart('registrations');
    expect(data.labels).toEqual(['2025-01', '2025-02', '2025-03', '2025-04']);
    expect(data.datasets.map((d) => [d.label, d.overlay])).toEqual([
      ['east', false],
      ['north', false],
      ['south', false],
      ['Plan', true],
    ]);
    const expected = all(`SELECT ${MONTH} AS month, ward, COUNT(*) AS n FROM patients GROUP BY 1, 2`);
    for (const dataset of data.datasets.slice(0, 3)) {
      expect(dataset.values).toEqual(data.labels.map((month) => expected.find((r) => r.month === month && r.ward === dataset.label)?.n ?? null));
    }
    expect(data.datasets[3].values).toEqual([70, 70, 80, 80]);
  });

  it('makes one dataset per y column without series, named by labels:', () => {
    const data = chart('by_ward');
    expect(data.labels).toEqual(['east', 'north', 'south']);
    const expected = all('SELECT ward, COUNT(*) AS n, SUM(score) AS s FROM patients GROUP BY ward ORDER BY ward');
    expect(data.datasets.map((d) => [d.label, d.values])).toEqual([
      ['Patients', expected.map((r) => r.n)],
      ['score', expected.map((r) => r.s)],
    ]);
  });

  it('counts a histogram in bin_width bins from a multiple of the width, per series', () => {
    const data = chart('stays');
    const [min, max] = Object.values(all('SELECT MIN(stay_days) AS a, MAX(stay_days) AS b FROM patients')[0]) as number[];
    const start = Math.floor(min / 5) * 5;
    expect(data.labels[0]).toBe(`${start}–${start + 5}`);
    expect(data.labels).toHaveLength(Math.ceil((max - start) / 5));
    for (const dataset of data.datasets) {
      const stays = all(`SELECT stay_days AS d FROM patients WHERE ward = '${dataset.label}'`).map((r) => r.d as number);
      expect(dataset.values).toEqual(data.labels.map((_, i) => stays.filter((d) => Math.min(data.labels.length - 1, Math.floor((d - start) / 5)) === i).length));
    }
    expect(data.datasets.reduce((sum, d) => sum + d.values.reduce((a, b) => a! + b!, 0)!, 0)).toBe(300);
  });

  it('counts a histogram in `bins` equal bins from the smallest to the largest value, NULLs left out, the largest in the last bin', () => {
    const data = chart('scores');
    expect(data.labels).toEqual(['1–3', '3–5', '5–7', '7–9']);
    const count = (where: string) => all(`SELECT COUNT(*) AS n FROM patients WHERE ${where}`)[0].n;
    expect(data.datasets[0].values).toEqual([count('score < 3'), count('score >= 3 AND score < 5'), count('score >= 5 AND score < 7'), count('score >= 7')]);
    expect(data.datasets[0].label).toBe('score');
  });

  it('leaves a gap where a value is NULL', () => {
    const expected = all('SELECT score FROM patients WHERE patient_id <= 20 ORDER BY patient_id').map((r) => r.score);
    expect(expected).toContain(null);
    expect(chart('gaps').datasets[0].values).toEqual(expected);
  });

  it('binds :as_of to the dataset’s today, or to --as-of', async () => {
    expect(chart('today').labels).toEqual(['2025-06-30']);
    const earlier = await report(CHARTS, { asOf: '2025-02-28' });
    expect(earlier.charts.find((c) => c.spec.name === 'today')!.data.labels).toEqual(['2025-02-28']);
  });

  it('counts the rows of every written table, in the spec’s order', () => {
    expect(content.tables).toEqual([
      { table: 'patients', rows: 300, description: 'People registered at the clinic.' },
      { table: 'plan', rows: 4 },
    ]);
  });

  it('reports a spec without kpis: or charts: with its row counts alone', async () => {
    const bare = await report('');
    expect(bare.kpis).toBeUndefined();
    expect(bare.charts).toEqual([]);
    expect(bare.tables.map((t) => t.rows)).toEqual([300, 4]);
  });

  describe('refuses a bad chart with its spec path and position, every problem at once', () => {
    const problems = async (charts: string) => {
      const error = await report(`charts:\n${charts}`).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(error).toBeDefined();
      return (error as { problems: { code: string; path: string; message: string; hint?: string; line?: number }[] }).problems;
    };

    it('SQL that writes, before opening the database', async () => {
      const found = await problems(`  wipe: { type: bar, sql: "DELETE FROM patients", x: ward, y: n }\n  drop: { type: bar, sql: "DROP TABLE plan", x: ward, y: n }\n`);
      expect(found.map((p) => [p.code, p.path, p.line])).toEqual([
        ['SPEC_UNSAFE_SQL', 'charts.wipe.sql', FIRST_CHART_LINE],
        ['SPEC_UNSAFE_SQL', 'charts.drop.sql', FIRST_CHART_LINE + 1],
      ]);
      expect(found[0].message).toBe('DELETE is not allowed: spec SQL may only SELECT');
      expect(run.rows('plan')).toHaveLength(4);
    });

    it('a type it does not know, from the schema, with the closest one', async () => {
      const [problem] = await problems(`  spread: { type: histgram, sql: "SELECT 1 AS a", x: a }\n`);
      expect(problem).toMatchObject({ code: 'SPEC_SCHEMA', path: 'charts.spread.type', line: FIRST_CHART_LINE, hint: 'did you mean "histogram"?' });
    });

    it('a column the query does not return, with the closest one', async () => {
      const found = await problems(`  c: { type: line, sql: "SELECT ward, COUNT(*) AS patients FROM patients GROUP BY ward", x: ward, y: patient, series: wrd }\n`);
      expect(found.map((p) => [p.code, p.path, p.hint])).toEqual([
        ['SPEC_UNKNOWN_COLUMN', 'charts.c.y', 'did you mean "patients"?'],
        ['SPEC_UNKNOWN_COLUMN', 'charts.c.series', 'did you mean "ward"?'],
      ]);
      expect(found[0].message).toBe('chart "c": its query returns no column "patient" (it returns ward, patients)');
    });

    it('keys that do not fit the chart type', async () => {
      const found = await problems(
        [
          '  h: { type: histogram, sql: "SELECT stay_days FROM patients", x: stay_days, y: stay_days }',
          '  l: { type: line, sql: "SELECT ward, 1 AS n FROM patients", x: ward, bins: 5 }',
          '  s: { type: bar, sql: "SELECT ward, 1 AS n FROM patients", x: ward, y: [n, n], series: ward }',
          '',
        ].join('\n'),
      );
      expect(found.map((p) => p.path)).toEqual(['charts.h.y', 'charts.l', 'charts.l.bins', 'charts.s.y']);
      expect(found[1].message).toBe('chart "l" has no y column');
    });

    it('a query the database refuses, and values that are not numbers', async () => {
      const found = await problems(
        ['  broken: { type: line, sql: "SELECT ward, no_such_column FROM patients", x: ward, y: no_such_column }', '  words: { type: bar, sql: "SELECT ward, ward AS n FROM patients", x: ward, y: n }', ''].join('\n'),
      );
      expect(found.map((p) => [p.path, p.message])).toEqual([
        ['charts.broken.sql', 'chart "broken" failed: no such column: no_such_column'],
        ['charts.words.sql', expect.stringMatching(/^chart "words": column "n" holds "(north|south|east)" \(row 1\), not a number$/)],
      ]);
    });

    it('a bin width that would make hundreds of bins', async () => {
      const [problem] = await problems('  fine: { type: histogram, sql: "SELECT stay_days FROM patients", x: stay_days, bin_width: 0.01 }\n');
      expect(problem).toMatchObject({ path: 'charts.fine.bin_width', message: expect.stringContaining('bins from') });
    });
  });
});
