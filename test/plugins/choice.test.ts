import choice from '../../plugins/generators/choice';
import { columnProblems, sampleColumn, shareOf } from './columnSamples';

describe('choice', () => {
  test('a value: weight map, frequencies within 1.5 points', async () => {
    const values = await sampleColumn('{ type: text, choice: { SMB: 60, Mid-Market: 30, Enterprise: 10 } }');
    expect(new Set(values)).toEqual(new Set(['SMB', 'Mid-Market', 'Enterprise']));
    expect(Math.abs(shareOf(values, 'SMB') - 0.6)).toBeLessThan(0.015);
    expect(Math.abs(shareOf(values, 'Mid-Market') - 0.3)).toBeLessThan(0.015);
    expect(Math.abs(shareOf(values, 'Enterprise') - 0.1)).toBeLessThan(0.015);
  });

  test('a list without weights is uniform; numbers stay numbers', async () => {
    const values = await sampleColumn('{ type: integer, choice: { values: [1, 3, 12] } }');
    expect(new Set(values)).toEqual(new Set([1, 3, 12]));
    for (const v of [1, 3, 12]) expect(Math.abs(shareOf(values, v) - 1 / 3)).toBeLessThan(0.015);
  });

  test('a list with weights; a zero weight is never picked', async () => {
    const values = await sampleColumn('{ type: text, choice: { values: [card, paypal, invoice, cash], weights: [70, 20, 10, 0] } }');
    expect(values).not.toContain('cash');
    expect(Math.abs(shareOf(values, 'card') - 0.7)).toBeLessThan(0.015);
    expect(Math.abs(shareOf(values, 'invoice') - 0.1)).toBeLessThan(0.015);
  });

  test('map keys become numbers in numeric columns and dates in date columns', async () => {
    expect(new Set(await sampleColumn('{ type: integer, choice: { "1": 1, "12": 1 } }', 500))).toEqual(new Set([1, 12]));
    expect(new Set(await sampleColumn('{ type: date, choice: { values: [2024-01-01, as_of] } }', 500))).toEqual(new Set(['2024-01-01', '2025-06-30']));
  });

  test('counts the values it can produce', () => {
    expect(choice.distinctValues!({ a: 1, b: 0, c: 2 })).toBe(2);
    expect(choice.distinctValues!({ values: ['a', 'b', 'c'] })).toBe(3);
  });

  test('weights must match the values', () => {
    expect(columnProblems('{ type: text, choice: { values: [a, b, c], weights: [1, 2] } }')).toEqual([
      expect.objectContaining({ code: 'SPEC_BAD_OPTION', path: 'tables.t.columns.x.choice.weights', message: '3 values but 2 weights' }),
    ]);
    expect(columnProblems('{ type: text, choice: { a: 0, b: 0 } }')).toEqual([expect.objectContaining({ code: 'SPEC_BAD_OPTION', message: 'every weight is 0' })]);
  });

  test('values must fit the column type', () => {
    expect(columnProblems('{ type: integer, choice: { values: [1, two] } }')).toEqual([
      expect.objectContaining({ code: 'SPEC_TYPE_MISMATCH', path: 'tables.t.columns.x.choice.values[1]', message: expect.stringContaining('"two" is not a number') }),
    ]);
  });

  test('weights are non-negative numbers', () => {
    // The engine also lists the other anyOf form's complaints (missing "values"): see the report.
    expect(columnProblems('{ type: text, choice: { a: lots } }')).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'SPEC_SCHEMA', path: 'tables.t.columns.x.choice.a', message: expect.stringContaining('must be number') })]),
    );
    expect(columnProblems('{ type: text, choice: { a: -1 } }')).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'SPEC_SCHEMA', path: 'tables.t.columns.x.choice.a', message: expect.stringContaining('must be >= 0') })]),
    );
  });
});
