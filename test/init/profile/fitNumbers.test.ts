import { ksDistance, normalCdf, regularizedGammaP } from '../../../engine/init/profile/distributions';
import { describeFit, fitNumbers } from '../../../engine/init/profile/fitNumbers';
import { draws, times } from './draws';

const N = 3000;
const round2 = (x: number) => Math.round(x * 100) / 100;

describe('fitNumbers picks the family a sample was drawn from', () => {
  const d = draws('fit-numbers');
  test.each([
    ['normal', times(N, () => round2(d.normal(100, 15))), 2, false],
    ['lognormal', times(N, () => round2(d.lognormal(40, 0.8))), 2, false],
    ['exponential', times(N, () => round2(d.exponential(12))), 2, false],
    ['uniform', times(N, () => round2(d.uniform(5, 250))), 2, false],
    ['poisson', times(N, () => d.poisson(4)), 0, true],
    ['normal', times(N, () => Math.round(d.normal(50, 15))), 0, true],
  ] as const)('%s', (family, values, decimals, whole) => {
    const fit = fitNumbers(values, decimals, whole);
    expect(fit.family).toBe(family);
    expect(fit.ks).toBeLessThan(0.03);
    expect(fit.n).toBe(N);
  });

  test('the fitted parameters are the sample’s, clamped to its range and rounded as it is', () => {
    const values = times(N, () => round2(d.lognormal(40, 0.5)));
    const fit = fitNumbers(values, 2, false);
    const options = fit.generator.lognormal as Record<string, number>;
    expect(options.median).toBeGreaterThan(37);
    expect(options.median).toBeLessThan(43);
    expect(options.sigma).toBeGreaterThan(0.45);
    expect(options.sigma).toBeLessThan(0.55);
    expect(options.min).toBe(Math.min(...values));
    expect(options.max).toBe(Math.max(...values));
    expect(options.round).toBe(2);
  });

  test('uniform whole numbers are an integer range; integer columns leave rounding to the column', () => {
    const values = times(N, () => d.integer(1, 1000));
    expect(fitNumbers(values, 0, true).generator).toEqual({ integer: { min: Math.min(...values), max: Math.max(...values) } });
    const normal = fitNumbers(times(N, () => Math.round(d.normal(500, 40))), 0, true);
    expect(normal.generator.normal).not.toHaveProperty('round');
  });

  test('the comment says the family, the KS distance and the sample size', () => {
    expect(describeFit({ family: 'lognormal', ks: 0.0213, n: 50000 })).toBe('lognormal, KS 0.021 on 50,000 values');
  });
});

describe('distributions', () => {
  test('KS distance of a sample to its own distribution is small, to another one large', () => {
    const sorted = times(1000, (i) => (i + 0.5) / 1000);
    expect(ksDistance(sorted, (x) => Math.min(1, Math.max(0, x)), 0)).toBeLessThanOrEqual(0.001);
    expect(ksDistance(sorted, (x) => normalCdf(x, 0.5, 0.05), 0)).toBeGreaterThan(0.3);
  });

  test('the normal CDF and the incomplete gamma function match known values', () => {
    expect(normalCdf(1.96, 0, 1)).toBeCloseTo(0.975, 3);
    // P(1, x) = 1 − e^−x; P(0.5, x) = erf(√x).
    expect(regularizedGammaP(1, 2)).toBeCloseTo(1 - Math.exp(-2), 10);
    expect(regularizedGammaP(0.5, 1)).toBeCloseTo(0.8427007929, 6);
    // 1 − P(k + 1, λ) is the Poisson CDF: P(X ≤ 9) for a mean of 30, summed term by term.
    let term = Math.exp(-30);
    let sum = term;
    for (let k = 1; k <= 9; k++) sum += term *= 30 / k;
    expect(1 - regularizedGammaP(10, 30)).toBeCloseTo(sum, 10);
  });
});
