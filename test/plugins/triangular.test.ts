import { mean, median, variance } from 'simple-statistics';
import { columnProblems, ksDistance, ksLimit, sampleNumbers } from './columnSamples';

describe('triangular', () => {
  const [a, c, b] = [1, 3, 10];
  const cdf = (x: number) => (x <= c ? (x - a) ** 2 / ((b - a) * (c - a)) : 1 - (b - x) ** 2 / ((b - a) * (b - c)));

  test('bounds, mean (a+b+c)/3, variance, median and shape (KS)', async () => {
    const values = await sampleNumbers('{ type: real, triangular: { min: 1, mode: 3, max: 10 } }');
    expect(Math.min(...values)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...values)).toBeLessThanOrEqual(10);
    expect(Math.abs(mean(values) - 14 / 3)).toBeLessThan(0.06); // SE 0.014
    expect(Math.abs(variance(values) - (a * a + b * b + c * c - a * b - a * c - b * c) / 18)).toBeLessThan(0.15);
    expect(Math.abs(median(values) - (b - Math.sqrt(((b - a) * (b - c)) / 2)))).toBeLessThan(0.08);
    expect(ksDistance(values, cdf)).toBeLessThan(ksLimit(values.length));
  });

  test('mode at an end, and a zero-width range', async () => {
    const values = await sampleNumbers('{ type: real, triangular: { min: 0, mode: 0, max: 1 } }');
    expect(Math.abs(mean(values) - 1 / 3)).toBeLessThan(0.01);
    expect(new Set(await sampleNumbers('{ type: real, triangular: { min: 2, mode: 2, max: 2 } }', 10))).toEqual(new Set([2]));
  });

  test('a mode outside the range is refused at mode', () => {
    expect(columnProblems('{ type: real, triangular: { min: 1, mode: 12, max: 10 } }')).toEqual([
      expect.objectContaining({ code: 'SPEC_BAD_OPTION', path: 'tables.t.columns.x.triangular.mode' }),
    ]);
  });
});
