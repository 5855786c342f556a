import { mean, variance } from 'simple-statistics';
import { columnProblems, ksDistance, ksLimit, sampleNumbers } from './columnSamples';

describe('gamma', () => {
  test('mean shape·scale, variance shape·scale², shape 2 (KS against its closed-form CDF)', async () => {
    const values = await sampleNumbers('{ type: real, gamma: { shape: 2, scale: 15 } }');
    expect(values.every((v) => v > 0)).toBe(true);
    expect(Math.abs(mean(values) - 30)).toBeLessThan(0.75); // SE 0.15
    expect(Math.abs(variance(values) - 450)).toBeLessThan(30); // SE 7
    expect(ksDistance(values, (x) => 1 - Math.exp(-x / 15) * (1 + x / 15))).toBeLessThan(ksLimit(values.length));
  });

  test('shape below 1', async () => {
    const values = await sampleNumbers('{ type: real, gamma: { shape: 0.5, scale: 2 } }');
    expect(values.every((v) => v >= 0)).toBe(true);
    expect(Math.abs(mean(values) - 1)).toBeLessThan(0.05); // SE 0.01
    expect(Math.abs(variance(values) - 2)).toBeLessThan(0.25); // SE 0.05
  });

  test('scale defaults to 1; clamps and rounding', async () => {
    const values = await sampleNumbers('{ type: real, gamma: { shape: 3, min: 1, max: 5, round: 1 } }');
    expect(Math.min(...values)).toBe(1);
    expect(Math.max(...values)).toBe(5);
    const unclamped = await sampleNumbers('{ type: real, gamma: { shape: 3 } }');
    expect(Math.abs(mean(unclamped) - 3)).toBeLessThan(0.06);
  });

  test('the shape must be positive', () => {
    expect(columnProblems('{ type: real, gamma: { shape: -1 } }')).toEqual([expect.objectContaining({ code: 'SPEC_SCHEMA' })]);
  });
});
