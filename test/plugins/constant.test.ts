import { columnProblems, sampleColumn } from './columnSamples';

describe('constant', () => {
  test('text, by shorthand', async () => {
    expect(new Set(await sampleColumn('{ type: text, constant: USD }', 100))).toEqual(new Set(['USD']));
  });

  test('numbers and booleans', async () => {
    expect(new Set(await sampleColumn('{ type: real, constant: { value: 2.5 } }', 10))).toEqual(new Set([2.5]));
    expect(new Set(await sampleColumn('{ type: boolean, constant: true }', 10))).toEqual(new Set([1]));
  });

  test('dates: absolute, or relative to as_of', async () => {
    expect(new Set(await sampleColumn('{ type: date, constant: 2024-02-29 }', 10))).toEqual(new Set(['2024-02-29']));
    expect(new Set(await sampleColumn('{ type: date, constant: "as_of - 1 month" }', 10))).toEqual(new Set(['2025-05-30']));
  });

  test('a value that does not fit the column type is refused', () => {
    expect(columnProblems('{ type: integer, constant: many }')).toEqual([
      expect.objectContaining({ code: 'SPEC_TYPE_MISMATCH', path: 'tables.t.columns.x.constant', message: expect.stringContaining('"many" is not a number') }),
    ]);
    expect(columnProblems('{ type: date, constant: soon }')).toEqual([expect.objectContaining({ code: 'SPEC_BAD_DATE' })]);
  });

  test('needs a value', () => {
    expect(columnProblems('{ type: text, constant: {} }')).toEqual([expect.objectContaining({ code: 'SPEC_SCHEMA' })]);
  });
});
