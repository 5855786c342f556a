import { mean } from 'simple-statistics';
import integer from '../../plugins/generators/integer';
import { columnProblems, sampleNumbers, shareOf } from './columnSamples';

describe('integer', () => {
  test('whole numbers in [min, max], every value equally likely (±1 point)', async () => {
    const values = await sampleNumbers('{ type: integer, integer: { min: 1, max: 6 } }');
    expect(values.every((v) => Number.isInteger(v) && v >= 1 && v <= 6)).toBe(true);
    for (let face = 1; face <= 6; face++) expect(Math.abs(shareOf(values, face) - 1 / 6)).toBeLessThan(0.01);
    expect(Math.abs(mean(values) - 3.5)).toBeLessThan(0.06);
  });

  test('negative ranges and a single value', async () => {
    const values = await sampleNumbers('{ type: integer, integer: { min: -3, max: -1 } }', 1000);
    expect(new Set(values)).toEqual(new Set([-3, -2, -1]));
    expect(new Set(await sampleNumbers('{ type: integer, integer: { min: 7, max: 7 } }', 100))).toEqual(new Set([7]));
  });

  test('counts its distinct values', () => {
    expect(integer.distinctValues!({ min: 1, max: 6 })).toBe(6);
  });

  test('min above max is refused at min', () => {
    expect(columnProblems('{ type: integer, integer: { min: 5, max: 1 } }')).toEqual([
      expect.objectContaining({ code: 'SPEC_BAD_OPTION', path: 'tables.t.columns.x.integer.min', hint: 'swap min and max' }),
    ]);
  });

  test('bounds are whole numbers', () => {
    expect(columnProblems('{ type: integer, integer: { min: 0.5, max: 3 } }')).toEqual([expect.objectContaining({ code: 'SPEC_SCHEMA' })]);
  });
});
