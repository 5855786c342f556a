import { mean, variance } from 'simple-statistics';
import { chiSquare, columnProblems, sampleNumbers, shareOf } from './columnSamples';

const poissonPmf = (mean: number) => (k: number) => Math.exp(-mean + k * Math.log(mean) - logFactorial(k));

describe('poisson', () => {
  test('small mean (product method): mean = variance, P(0) = e^-mean', async () => {
    const values = await sampleNumbers('{ type: integer, poisson: { mean: 2.5 } }');
    expect(values.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
    expect(Math.abs(mean(values) - 2.5)).toBeLessThan(0.05); // SE 0.011
    expect(Math.abs(variance(values) - 2.5)).toBeLessThan(0.15); // SE 0.03
    expect(Math.abs(shareOf(values, 0) - Math.exp(-2.5))).toBeLessThan(0.008);
    expect(Math.abs(shareOf(values, 2) - (Math.exp(-2.5) * 2.5 ** 2) / 2)).toBeLessThan(0.012);
    const { statistic, limit } = chiSquare(values, poissonPmf(2.5), 0, 20);
    expect(statistic).toBeLessThan(limit);
  });

  test('large mean (transformed rejection): mean = variance, P(k = 50)', async () => {
    const values = await sampleNumbers('{ type: integer, poisson: { mean: 50 } }');
    expect(values.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
    expect(Math.abs(mean(values) - 50)).toBeLessThan(0.25); // SE 0.05
    expect(Math.abs(variance(values) - 50)).toBeLessThan(2.5); // SE 0.5
    expect(Math.abs(shareOf(values, 50) - poissonPmf(50)(50))).toBeLessThan(0.006);
    const { statistic, limit } = chiSquare(values, poissonPmf(50), 0, 120);
    expect(statistic).toBeLessThan(limit);
  });

  test('very large mean', async () => {
    const values = await sampleNumbers('{ type: integer, poisson: { mean: 1000 } }');
    expect(Math.abs(mean(values) - 1000)).toBeLessThan(1.5); // SE 0.22
    expect(Math.abs(variance(values) - 1000)).toBeLessThan(60); // SE 10
  });

  test('mean 0 is always 0; real columns still get whole numbers; min clamps', async () => {
    expect(new Set(await sampleNumbers('{ type: integer, poisson: { mean: 0 } }', 100))).toEqual(new Set([0]));
    const values = await sampleNumbers('{ type: real, poisson: { mean: 1, min: 1 } }', 2000);
    expect(values.every((v) => Number.isInteger(v) && v >= 1)).toBe(true);
    expect(Math.abs(shareOf(values, 1) - 2 * Math.exp(-1))).toBeLessThan(0.04);
  });

  test('a negative mean is refused', () => {
    expect(columnProblems('{ type: integer, poisson: { mean: -1 } }')).toEqual([expect.objectContaining({ code: 'SPEC_SCHEMA' })]);
  });
});

function logFactorial(n: number): number {
  let sum = 0;
  for (let k = 2; k <= n; k++) sum += Math.log(k);
  return sum;
}
