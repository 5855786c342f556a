import { mean, variance } from 'simple-statistics';
import { columnProblems, ksDistance, ksLimit, sampleNumbers } from './columnSamples';

describe('exponential', () => {
  test('mean, variance = mean², and shape (KS)', async () => {
    const values = await sampleNumbers('{ type: real, exponential: { mean: 3.5 } }');
    expect(values.every((v) => v >= 0 && Number.isFinite(v))).toBe(true);
    expect(Math.abs(mean(values) - 3.5)).toBeLessThan(0.1); // SE 0.025
    expect(Math.abs(variance(values) - 12.25)).toBeLessThan(1); // SE 0.25
    expect(ksDistance(values, (x) => 1 - Math.exp(-x / 3.5))).toBeLessThan(ksLimit(values.length));
  });

  test('max clamps, round rounds', async () => {
    const values = await sampleNumbers('{ type: real, exponential: { mean: 10, max: 5, round: 1 } }', 5000);
    expect(Math.max(...values)).toBe(5);
    expect(values.every((v) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-9)).toBe(true);
  });

  test('the mean must be positive', () => {
    expect(columnProblems('{ type: real, exponential: { mean: 0 } }')).toEqual([expect.objectContaining({ code: 'SPEC_SCHEMA' })]);
  });
});
