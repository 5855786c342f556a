import { runSpec, validateSpec } from '../helpers/runSpec';
import { sampleColumn, tableSpec } from './columnSamples';

const WORDS = ['almond', 'antique', 'aquamarine', 'azure', 'beige', 'bisque', 'black', 'blue'];

describe('sample', () => {
  test('count distinct values of the list in every row, joined', async () => {
    const values = (await sampleColumn(`{ type: text, sample: { from: [${WORDS.join(', ')}], count: 5, join: ' ' } }`, 2000)) as string[];
    for (const value of values) {
      const words = value.split(' ');
      expect(words).toHaveLength(5);
      expect(new Set(words).size).toBe(5);
      for (const word of words) expect(WORDS).toContain(word);
    }
    // Every word shows up, in more than one position: the order is random too.
    const firsts = new Set(values.map((v) => v.split(' ')[0]));
    expect(firsts.size).toBe(WORDS.length);
  });

  test('count as a generator with by:/cases:, and the default join', async () => {
    const run = await runSpec(
      tableSpec(`      kind: { type: text, choice: { values: [one, three] } }
      codes: { type: text, sample: { from: [a, b, c, d], count: { by: kind, cases: { one: { constant: 1 } }, constant: 3 } } }`, 2000),
    );
    for (const row of run.rows('t')) {
      const codes = (row.codes as string).split(', ');
      expect(codes).toHaveLength(row.kind === 'one' ? 1 : 3);
      expect(new Set(codes).size).toBe(codes.length);
    }
    run.close();
  });

  test('from a data set column: repeated values count once', async () => {
    const run = await runSpec(
      `${tableSpec('      codes: { type: text, sample: { from: { data: diagnoses, column: code }, count: 3 } }', 1000)}
data:
  diagnoses:
    rows: [{ code: J10 }, { code: J10 }, { code: E11 }, { code: I10 }]
`,
    );
    for (const row of run.rows('t')) expect((row.codes as string).split(', ').sort()).toEqual(['E11', 'I10', 'J10']);
    run.close();
  });

  test('weight: an expression of the value and the row shifts the frequencies with the row', async () => {
    const run = await runSpec(
      tableSpec(`      visit_date: { type: date, date_between: { from: 2024-01-01, to: 2024-12-31 } }
      diagnosis: { type: text, sample: { from: [influenza, sprain, rash, checkup], count: 1, weight: 'if value == "influenza" then (if month(visit_date) in (12, 1, 2) then 10 else 0.5) else 1' } }`, 20_000),
    );
    const share = (winter: boolean) => {
      const rows = run.rows('t').filter((r) => [12, 1, 2].includes(Number(String(r.visit_date).slice(5, 7))) === winter);
      return rows.filter((r) => r.diagnosis === 'influenza').length / rows.length;
    };
    // 10 / 13 in winter, 0.5 / 3.5 otherwise.
    expect(Math.abs(share(true) - 10 / 13)).toBeLessThan(0.04);
    expect(Math.abs(share(false) - 0.5 / 3.5)).toBeLessThan(0.02);
    run.close();
  });

  test('weight: candidate.<column> reads the data set row of the candidate (CSV text as numbers)', async () => {
    const run = await runSpec(`${tableSpec('      code: { type: text, sample: { from: { data: conditions, column: code }, count: 1, weight: candidate.share } }', 20_000)}
data:
  conditions: { file: conditions.csv }
`, { files: { 'conditions.csv': 'code,share\nflu,1\nsprain,3\nrash,0\n' } });
    const codes = run.rows('t').map((r) => r.code);
    expect(codes.includes('rash')).toBe(false);
    expect(Math.abs(codes.filter((c) => c === 'sprain').length / codes.length - 0.75)).toBeLessThan(0.02);
    run.close();
    const misspelt = await validateSpec(`${tableSpec('      code: { type: text, sample: { from: { data: conditions, column: code }, count: 1, weight: candidate.shares } }')}
data:
  conditions: { rows: [{ code: flu, share: 1 }] }
`);
    expect(misspelt).toEqual([expect.objectContaining({ path: 'tables.t.columns.code.sample.weight', hint: expect.stringContaining('share') })]);
  });

  test('weights without replacement: a weight 0 value is never drawn, heavy values come first', async () => {
    const values = (await sampleColumn(`{ type: text, sample: { from: [a, b, c, d], count: 2, weight: 'if value == "d" then 0 else if value == "a" then 20 else 1' } }`, 4000)) as string[];
    expect(values.some((v) => v.includes('d'))).toBe(false);
    // The first draw is a with chance 20/22; a is in the pair unless both draws miss it.
    const firstA = values.filter((v) => v.startsWith('a, ')).length / values.length;
    expect(Math.abs(firstA - 20 / 22)).toBeLessThan(0.03);
    expect(values.every((v) => v.split(', ').length === 2 && new Set(v.split(', ')).size === 2)).toBe(true);
  });

  test('the same spec and seed give the same rows', async () => {
    const column = `{ type: text, sample: { from: [${WORDS.join(', ')}], count: { integer: { min: 0, max: 4 } }, weight: 'if value == "blue" then id mod 5 else 1' } }`;
    expect(await sampleColumn(column, 500)).toEqual(await sampleColumn(column, 500));
  });

  test('count above the number of candidates: a validation error at count when it is a number', async () => {
    const problems = await validateSpec(tableSpec('      x: { type: text, sample: { from: [a, b], count: 3 } }'));
    expect(problems).toEqual([expect.objectContaining({ message: expect.stringContaining('only 2 candidates'), path: 'tables.t.columns.x.sample.count' })]);
  });

  test('a count generator is rounded; a negative count is a run error', async () => {
    const values = (await sampleColumn('{ type: text, sample: { from: [a, b, c], count: { uniform: { min: 1.6, max: 2.4 } } } }', 300)) as string[];
    expect(values.every((v) => v.split(', ').length === 2)).toBe(true);
    await expect(sampleColumn('{ type: text, sample: { from: [a, b, c], count: { constant: -1 } } }', 10)).rejects.toThrow(/count drew -1, not a number ≥ 0/);
  });

  test('count above the number of candidates on a row: a run error', async () => {
    await expect(runSpec(tableSpec('      x: { type: text, sample: { from: [a, b], count: { integer: { min: 1, max: 3 } } } }', 200))).rejects.toThrow(/count is 3 but there are only 2 candidates/);
  });

  test('a repeated list value and a non-text column are refused', async () => {
    const repeated = await validateSpec(tableSpec('      x: { type: text, sample: { from: [a, b, a], count: 1 } }'));
    expect(repeated).toEqual([expect.objectContaining({ message: expect.stringContaining('"a" is listed twice'), path: 'tables.t.columns.x.sample.from[2]' })]);
    const integer = await validateSpec(tableSpec('      x: { type: integer, sample: { from: [1, 2], count: 1 } }'));
    expect(integer).toEqual([expect.objectContaining({ code: 'SPEC_TYPE_MISMATCH' })]);
  });
});
