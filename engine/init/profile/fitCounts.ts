import { clamped, poissonCdf, regularizedGammaP } from './distributions';
import { describeFit, fitNumbers } from './fitNumbers';
import { roundTo, significant, thousands } from './numberFormat';
import { largest, smallest } from './extremes';

/** A generator of whole numbers fitted to observed counts, and what the fit saw. */
export interface CountFit {
  generator: Record<string, unknown>;
  description: string;
}

/** Below this total variation distance a one-line model is as good as the exact frequencies. */
const SIMPLE_ENOUGH = 0.03;
/** Most distinct values a `choice` over the observed counts lists; wider spreads get a fitted curve. */
const MAX_LISTED_COUNTS = 60;
/** Widest range of counts compared value by value; wider ones are fitted as numbers (by KS). */
const MAX_SUMMED_RANGE = 10_000;

/**
 * The best generator of `counts` (children per parent, whole numbers ≥ 0): a constant, a uniform integer range or a Poisson when one fits within a total variation
 * of 0.03, else a `choice` over the observed values with their frequencies, else the best
 * continuous fit (rounded).
 */
export function fitCounts(counts: readonly number[]): CountFit {
  const frequencies = frequenciesOf(counts);
  const values = [...frequencies.keys()].sort((a, b) => a - b);
  const n = counts.length;
  const min = values[0];
  const max = values[values.length - 1];
  if (values.length === 1) return { generator: { constant: min }, description: `always ${min}, on ${thousands(n)} values` };
  const mean = counts.reduce((s, x) => s + x, 0) / n;
  if (max - min > MAX_SUMMED_RANGE) {
    const fit = fitNumbers(counts, 0, true);
    return { generator: fit.generator, description: describeFit(fit) };
  }
  const simple = simpleCountFit(frequencies, n, mean);
  if (simple.tv <= SIMPLE_ENOUGH) return { generator: simple.generator, description: `${simple.family}, total variation ${simple.tv.toFixed(3)} on ${thousands(n)} values` };
  if (max - min < MAX_LISTED_COUNTS) {
    const weights = values.map((v) => frequencies.get(v)!);
    return {
      generator: { choice: { values, weights } },
      description: `observed frequencies of ${values.length} values on ${thousands(n)} (best curve: ${simple.family}, total variation ${roundTo(simple.tv, 3)})`,
    };
  }
  const fit = fitNumbers(counts, 0, true);
  return { generator: fit.generator, description: describeFit(fit) };
}

/**
 * The closer of a uniform integer range and a Poisson (clamped to the range seen) to counts'
 * frequencies, by total variation; near ties go to the range, the plainer of the two.
 */
function simpleCountFit(frequencies: Map<number, number>, n: number, mean: number): { generator: Record<string, unknown>; family: string; tv: number } {
  const min = smallest(frequencies.keys());
  const max = largest(frequencies.keys());
  const models = [
    { generator: { integer: { min, max } }, family: `integer ${min}–${max}`, cdf: (x: number) => (Math.floor(x) - min + 1) / (max - min + 1) },
    { generator: { poisson: { mean: significant(mean), ...(min > 0 ? { min } : {}), max } }, family: 'poisson', cdf: (x: number) => poissonCdf(x, significant(mean)) },
  ];
  const scored = models.map((model) => ({ ...model, tv: totalVariation(frequencies, n, clamped(model.cdf, min, max)) }));
  return scored.reduce((a, b) => (b.tv < a.tv - 0.01 ? b : a));
}

/**
 * A small whole-number column (a quantity, a rating) as a plain range or Poisson when one fits
 * within a total variation of 0.03; undefined when only its own frequencies describe it.
 */
export function fitSmallNumbers(values: readonly number[]): CountFit | undefined {
  const frequencies = frequenciesOf(values);
  const min = smallest(frequencies.keys());
  const max = largest(frequencies.keys());
  if (min < 0 || max - min > MAX_SUMMED_RANGE || frequencies.size < 2) return undefined;
  const simple = simpleCountFit(frequencies, values.length, values.reduce((s, x) => s + x, 0) / values.length);
  return simple.tv <= SIMPLE_ENOUGH ? { generator: simple.generator, description: `${simple.family}, total variation ${simple.tv.toFixed(3)} on ${thousands(values.length)} values` } : undefined;
}

/** Chi-square p-value below which counts are surely no Poisson (strict: samples run to thousands of parents). */
const MAX_P_VALUE = 1e-6;
/** Total variation from the Poisson that counts as structure worth a `per_parent`. */
const MIN_DISTANCE = 0.05;

/**
 * How clearly children cluster under their parents (0 when they do not): children drawn by a
 * random reference to their parent spread like a Poisson of the same mean. Counts that surely are
 * no Poisson (chi-square test, p < 1e-6) and differ from it by a total variation of 0.05 or more
 * (a fixed 1–5 items per order, many parents without children) carry structure a `ref` loses and
 * `per_parent` keeps; the strength is that total variation.
 */
export function clustering(counts: readonly number[]): number {
  const n = counts.length;
  if (n < 2) return 0;
  const mean = counts.reduce((s, x) => s + x, 0) / n;
  if (mean === 0) return 0;
  const frequencies = frequenciesOf(counts);
  const max = largest(frequencies.keys());
  if (max > MAX_SUMMED_RANGE) return 1;
  // Bins of at least 5 expected parents, the last one open-ended, for the chi-square test.
  let chiSquare = 0;
  let bins = 0;
  let observed = 0;
  let expected = 0;
  let distance = 0;
  for (let k = 0; k <= max + 1; k++) {
    const last = k === max + 1;
    const model = last ? 1 - poissonCdf(max, mean) : poissonCdf(k, mean) - poissonCdf(k - 1, mean);
    const seen = last ? 0 : (frequencies.get(k) ?? 0) / n;
    distance += Math.abs(seen - model) / 2;
    observed += seen * n;
    expected += model * n;
    if (expected >= 5 || last) {
      if (expected > 0) {
        chiSquare += (observed - expected) ** 2 / expected;
        bins++;
      }
      observed = 0;
      expected = 0;
    }
  }
  if (bins < 2) return 0;
  const pValue = 1 - regularizedGammaP(Math.max(1, bins - 2) / 2, chiSquare / 2);
  return pValue < MAX_P_VALUE && distance >= MIN_DISTANCE ? distance : 0;
}

function totalVariation(frequencies: Map<number, number>, n: number, cdf: (x: number) => number): number {
  const values = [...frequencies.keys()];
  const min = smallest(values);
  const max = largest(values);
  let sum = 0;
  for (let k = min; k <= max; k++) sum += Math.abs((frequencies.get(k) ?? 0) / n - (cdf(k + 0.5) - cdf(k - 0.5)));
  return sum / 2;
}

function frequenciesOf(counts: readonly number[]): Map<number, number> {
  const frequencies = new Map<number, number>();
  for (const c of counts) frequencies.set(c, (frequencies.get(c) ?? 0) + 1);
  return frequencies;
}
