import { mean, variance } from 'simple-statistics';
import { columnProblems, ksDistance, ksLimit, sampleNumbers } from './columnSamples';

describe('uniform', () => {
  test('spread evenly over [min, max]: mean, variance and KS', async () => {
    const values = await sampleNumbers('{ type: real, uniform: { min: 5, max: 250 } }');
    expect(Math.min(...values)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...values)).toBeLessThanOrEqual(250);
    expect(Math.abs(mean(values) - 127.5)).toBeLessThan(2.5); // SE 0.5
    expect(Math.abs(variance(values) - 245 ** 2 / 12)).toBeLessThan(150); // SE 32
    expect(ksDistance(values, (x) => (x - 5) / 245)).toBeLessThan(ksLimit(values.length));
  });

  test('round keeps that many decimals', async () => {
    const values = await sampleNumbers('{ type: real, uniform: { min: 0, max: 10, round: 2 } }', 1000);
    expect(values.every((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-9)).toBe(true);
  });

  test('integer columns get whole numbers', async () => {
    const values = await sampleNumbers('{ type: integer, uniform: { min: 0, max: 10 } }', 1000);
    expect(values.every(Number.isInteger)).toBe(true);
  });

  test('min above max is refused', () => {
    expect(columnProblems('{ type: real, uniform: { min: 3, max: 1 } }')).toEqual([expect.objectContaining({ code: 'SPEC_BAD_OPTION', path: 'tables.t.columns.x.uniform.min' })]);
  });
});
