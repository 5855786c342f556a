import { mean, variance } from 'simple-statistics';
import { columnProblems, sampleNumbers } from './columnSamples';

const betaVariance = (a: number, b: number) => (a * b) / ((a + b) ** 2 * (a + b + 1));

describe('beta', () => {
  test('within [0, 1], mean α/(α+β), variance', async () => {
    const values = await sampleNumbers('{ type: real, beta: { alpha: 2, beta: 5 } }');
    expect(values.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(Math.abs(mean(values) - 2 / 7)).toBeLessThan(0.005); // SE 0.0011
    expect(Math.abs(variance(values) - betaVariance(2, 5))).toBeLessThan(0.001);
  });

  test('shapes below 1 (U-shaped arcsine)', async () => {
    const values = await sampleNumbers('{ type: real, beta: { alpha: 0.5, beta: 0.5 } }');
    expect(values.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(Math.abs(mean(values) - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(variance(values) - betaVariance(0.5, 0.5))).toBeLessThan(0.003);
    // Arcsine CDF: P(X < 0.1) = (2/π)·asin(√0.1)
    expect(Math.abs(values.filter((v) => v < 0.1).length / values.length - (2 / Math.PI) * Math.asin(Math.sqrt(0.1)))).toBeLessThan(0.012);
  });

  test('min and max scale the range', async () => {
    const values = await sampleNumbers('{ type: real, beta: { alpha: 2, beta: 2, min: 10, max: 20, round: 1 } }');
    expect(values.every((v) => v >= 10 && v <= 20)).toBe(true);
    expect(Math.abs(mean(values) - 15)).toBeLessThan(0.05);
    expect(Math.abs(variance(values) - 100 * betaVariance(2, 2))).toBeLessThan(0.2);
  });

  test('shapes must be positive; min above max is refused', () => {
    expect(columnProblems('{ type: real, beta: { alpha: 0, beta: 1 } }')).toEqual([expect.objectContaining({ code: 'SPEC_SCHEMA' })]);
    expect(columnProblems('{ type: real, beta: { alpha: 1, beta: 1, min: 1, max: 0 } }')).toEqual([expect.objectContaining({ code: 'SPEC_BAD_OPTION', path: 'tables.t.columns.x.beta.min' })]);
  });
});
