/**
 * Cumulative distribution functions of the engine's number generators, and the
 * Kolmogorov–Smirnov distance of a sample to one of them, for picking the best fit.
 */

/** Error function (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7: far below any KS distance we compare). */
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return sign * y;
}

export function normalCdf(x: number, mean: number, sd: number): number {
  if (sd <= 0) return x < mean ? 0 : 1;
  return 0.5 * (1 + erf((x - mean) / (sd * Math.SQRT2)));
}

/** log Γ(x) by Lanczos' approximation (g = 7, n = 9). */
function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularized lower incomplete gamma P(a, x): a series below a + 1, a continued fraction above (Numerical Recipes 6.2). */
export function regularizedGammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const logPrefix = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 500; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-14) break;
    }
    return Math.min(1, sum * Math.exp(logPrefix));
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-14) break;
  }
  return Math.max(0, 1 - Math.exp(logPrefix) * h);
}

export function gammaCdf(x: number, shape: number, scale: number): number {
  return x <= 0 ? 0 : regularizedGammaP(shape, x / scale);
}

/** P(X ≤ x) of a Poisson count: Q(⌊x⌋ + 1, mean). */
export function poissonCdf(x: number, mean: number): number {
  if (x < 0) return 0;
  if (mean <= 0) return 1;
  return 1 - regularizedGammaP(Math.floor(x) + 1, mean);
}

/** The CDF of a generator that clamps its draws to [min, max]: the clamped mass sits on the ends. */
export function clamped(cdf: (x: number) => number, min: number, max: number): (x: number) => number {
  return (x) => (x < min ? 0 : x >= max ? 1 : cdf(x));
}

/**
 * Largest gap between the sample's CDF and a model's, over the sample's distinct values.
 * Values recorded with a granularity (`step`: 1 for whole numbers, 0.01 for cents) are compared
 * with the model's mass of the interval that rounds to each value, so rounding is no misfit.
 */
export function ksDistance(sorted: readonly number[], cdf: (x: number) => number, step: number): number {
  const n = sorted.length;
  let distance = 0;
  let i = 0;
  while (i < n) {
    const value = sorted[i];
    let j = i;
    while (j < n && sorted[j] === value) j++;
    const below = cdf(value - step / 2);
    const upTo = cdf(value + step / 2);
    distance = Math.max(distance, Math.abs(i / n - below), Math.abs(j / n - upTo));
    i = j;
  }
  return distance;
}
