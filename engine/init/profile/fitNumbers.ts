import { clamped, gammaCdf, ksDistance, normalCdf, poissonCdf } from './distributions';
import { roundTo, significant, thousands } from './numberFormat';

/** A generator fitted to a sample: its spec (`{ lognormal: { … } }`), its family and how well it fits. */
export interface NumberFit {
  family: string;
  generator: Record<string, unknown>;
  /** Kolmogorov–Smirnov distance of the sample to the generator's distribution. */
  ks: number;
  n: number;
}

interface Candidate {
  family: string;
  options: Record<string, number>;
  cdf: (x: number) => number;
}

/**
 * Families in order of preference: a simpler or more specific model wins a near tie
 * (exponential over the gamma that nests it, normal over a lognormal of small spread).
 */
const PREFERENCE = ['uniform', 'poisson', 'normal', 'exponential', 'lognormal', 'gamma'];

/** KS distances closer than this are a tie: sampling noise, not a better model. */
const TIE = 0.005;

/**
 * The engine's number generator that best fits `values` by the Kolmogorov–Smirnov distance,
 * among uniform, normal, lognormal, exponential, gamma and (for counts) poisson, each fitted by
 * its moments, clamped to the sample's range and rounded as the sample is (`decimals`).
 */
export function fitNumbers(values: readonly number[], decimals: number, wholeNumbers: boolean, integerColumn = wholeNumbers): NumberFit {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const min = sorted[0];
  const max = sorted[n - 1];
  const step = wholeNumbers ? 1 : decimals > 0 ? 10 ** -decimals : 0;
  const candidates = candidatesFor(sorted, wholeNumbers);
  let best: { candidate: Candidate; ks: number } | undefined;
  const scored = candidates.map((candidate) => ({ candidate, ks: ksDistance(sorted, clamped(candidate.cdf, min, max), step) }));
  const lowest = Math.min(...scored.map((s) => s.ks));
  for (const family of PREFERENCE) {
    const found = scored.find((s) => s.candidate.family === family && s.ks <= lowest + TIE);
    if (found) {
      best = found;
      break;
    }
  }
  const { candidate, ks } = best!;
  const places = wholeNumbers ? 0 : decimals;
  return { family: candidate.family, generator: generatorOf(candidate, roundTo(min, places), roundTo(max, places), places, integerColumn), ks, n };
}

/** The comment a fitted generator carries: "lognormal, KS 0.021 on 50,000 values". */
export function describeFit(fit: { family: string; ks: number; n: number }): string {
  return `${fit.family}, KS ${fit.ks.toFixed(3)} on ${thousands(fit.n)} values`;
}

/** Integer columns round to whole numbers by themselves: only other columns say `round`. */
function generatorOf(candidate: Candidate, min: number, max: number, decimals: number, integerColumn: boolean): Record<string, unknown> {
  if (candidate.family === 'uniform') {
    return decimals === 0 ? { integer: { min, max } } : { uniform: { min, max, round: Math.min(decimals, 12) } };
  }
  const rounding = integerColumn || candidate.family === 'poisson' ? {} : { round: Math.min(decimals, 12) };
  return { [candidate.family]: { ...candidate.options, min, max, ...rounding } };
}

function candidatesFor(sorted: readonly number[], wholeNumbers: boolean): Candidate[] {
  const n = sorted.length;
  const min = sorted[0];
  const max = sorted[n - 1];
  const mean = sorted.reduce((s, x) => s + x, 0) / n;
  const variance = sorted.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, n - 1);
  const sd = Math.sqrt(variance);
  // Whole numbers drawn from a continuous model are rounded: the uniform that rounds to min … max spans half a unit more each side.
  const spread = wholeNumbers ? 0.5 : 0;
  const candidates: Candidate[] = [
    { family: 'uniform', options: {}, cdf: (x) => (max === min ? (x < min ? 0 : 1) : (x - (min - spread)) / (max - min + 2 * spread)) },
  ];
  if (sd > 0) {
    const fitted = { mean: significant(mean), sd: significant(sd) };
    candidates.push({ family: 'normal', options: fitted, cdf: (x) => normalCdf(x, fitted.mean, fitted.sd) });
  }
  if (min > 0) {
    const logs = sorted.map(Math.log);
    const mu = logs.reduce((s, x) => s + x, 0) / n;
    const sigma = Math.sqrt(logs.reduce((s, x) => s + (x - mu) ** 2, 0) / Math.max(1, n - 1));
    if (sigma > 0) {
      const fitted = { median: significant(Math.exp(mu)), sigma: significant(sigma) };
      candidates.push({ family: 'lognormal', options: fitted, cdf: (x) => (x <= 0 ? 0 : normalCdf(Math.log(x), Math.log(fitted.median), fitted.sigma)) });
    }
    if (variance > 0) {
      const fitted = { shape: significant((mean * mean) / variance), scale: significant(variance / mean) };
      candidates.push({ family: 'gamma', options: fitted, cdf: (x) => gammaCdf(x, fitted.shape, fitted.scale) });
    }
  }
  if (min >= 0 && mean > 0) {
    const fitted = { mean: significant(mean) };
    candidates.push({ family: 'exponential', options: fitted, cdf: (x) => (x <= 0 ? 0 : 1 - Math.exp(-x / fitted.mean)) });
    if (wholeNumbers) candidates.push({ family: 'poisson', options: fitted, cdf: (x) => poissonCdf(x, fitted.mean) });
  }
  return candidates;
}
