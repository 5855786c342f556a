import { cumulativeStdNormalProbability, mean, median, standardDeviation } from 'simple-statistics';
import { columnProblems, ksDistance, ksLimit, sampleNumbers } from './columnSamples';

describe('lognormal', () => {
  test('median, mean = median·e^(σ²/2), and log-normal shape (KS)', async () => {
    const values = await sampleNumbers('{ type: real, lognormal: { median: 40, sigma: 0.5 } }');
    expect(values.every((v) => v > 0)).toBe(true);
    expect(Math.abs(median(values) - 40)).toBeLessThan(1); // SE ≈ 0.18
    expect(Math.abs(mean(values) - 40 * Math.exp(0.125)) / (40 * Math.exp(0.125))).toBeLessThan(0.02);
    const logs = values.map(Math.log);
    expect(Math.abs(mean(logs) - Math.log(40))).toBeLessThan(0.02); // SE 0.0035
    expect(Math.abs(standardDeviation(logs) - 0.5)).toBeLessThan(0.015);
    expect(ksDistance(values, (x) => cumulativeStdNormalProbability(Math.log(x / 40) / 0.5))).toBeLessThan(ksLimit(values.length));
  });

  test('clamped and rounded', async () => {
    const values = await sampleNumbers('{ type: real, lognormal: { median: 40, sigma: 1, max: 200, round: 2 } }', 5000);
    expect(Math.max(...values)).toBe(200);
    expect(values.every((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6)).toBe(true);
  });

  test('the median must be positive', () => {
    expect(columnProblems('{ type: real, lognormal: { median: 0, sigma: 0.5 } }')).toEqual([expect.objectContaining({ code: 'SPEC_SCHEMA' })]);
  });
});
