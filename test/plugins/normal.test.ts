import { cumulativeStdNormalProbability, mean, standardDeviation } from 'simple-statistics';
import { columnProblems, ksDistance, ksLimit, sampleNumbers, shareOf } from './columnSamples';

describe('normal', () => {
  test('mean, standard deviation and shape (KS)', async () => {
    const values = await sampleNumbers('{ type: real, normal: { mean: 100, sd: 15 } }');
    expect(Math.abs(mean(values) - 100)).toBeLessThan(0.5); // SE 0.11
    expect(Math.abs(standardDeviation(values) - 15)).toBeLessThan(0.4); // SE 0.08
    expect(ksDistance(values, (x) => cumulativeStdNormalProbability((x - 100) / 15))).toBeLessThan(ksLimit(values.length));
  });

  test('min and max clamp: about 2.3% of draws land on each bound', async () => {
    const values = await sampleNumbers('{ type: real, normal: { mean: 0, sd: 1, min: -2, max: 2 } }');
    expect(Math.min(...values)).toBe(-2);
    expect(Math.max(...values)).toBe(2);
    expect(Math.abs(shareOf(values, -2) - 0.02275)).toBeLessThan(0.005);
    expect(Math.abs(shareOf(values, 2) - 0.02275)).toBeLessThan(0.005);
  });

  test('round: 0 gives whole numbers, without negative zero', async () => {
    const values = await sampleNumbers('{ type: real, normal: { mean: 0, sd: 0.3, round: 0 } }', 2000);
    expect(values.every(Number.isInteger)).toBe(true);
    expect(values.some((v) => Object.is(v, -0))).toBe(false);
  });

  test('a negative sd and crossed clamps are refused', () => {
    expect(columnProblems('{ type: real, normal: { mean: 0, sd: -1 } }')).toEqual([expect.objectContaining({ code: 'SPEC_SCHEMA' })]);
    expect(columnProblems('{ type: real, normal: { mean: 0, sd: 1, min: 5, max: 1 } }')).toEqual([
      expect.objectContaining({ code: 'SPEC_BAD_OPTION', path: 'tables.t.columns.x.normal.min', message: 'min (5) is greater than max (1)' }),
    ]);
  });
});
