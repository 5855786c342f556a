import { regularizedGammaP } from './distributions';
import { roundTo, thousands } from './numberFormat';

/** A value seen in a column, and how often. */
export interface Frequency {
  value: string | number | boolean;
  count: number;
}

/** Values by how often they appear, most frequent first (ties by value, so the order never varies). */
export function frequencies(values: ReadonlyArray<string | number | boolean>): Frequency[] {
  const counts = new Map<string | number | boolean, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || compareValues(a.value, b.value));
}

function compareValues(a: string | number | boolean, b: string | number | boolean): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A `choice` of the observed values weighted by their counts: a map for text, values and weights for numbers and booleans. */
export function choiceOf(seen: readonly Frequency[]): Record<string, unknown> {
  if (seen.every((f) => typeof f.value === 'string')) return { choice: Object.fromEntries(seen.map((f) => [f.value, f.count])) };
  return { choice: { values: seen.map((f) => f.value), weights: seen.map((f) => f.count) } };
}

/** Most distinct values a column may have to be a category (a `choice`). */
export const MAX_CATEGORIES = 30;

/** A table this small shows its categories only a few times each. */
const SMALL_SAMPLE = 50;

/**
 * A column is a category when it has few distinct values, each seen several times on average
 * (at least twice in a small table): a list short enough to read, and no identifier that repeats.
 */
export function isCategorical(seen: readonly Frequency[], n: number): boolean {
  if (seen.length === 0 || seen.length > MAX_CATEGORIES) return false;
  return n >= 5 * seen.length || (n < SMALL_SAMPLE && 2 * seen.length <= n);
}

/** Smallest group of rows a case is written for: fewer is noise, not a distribution. */
const MIN_CASE_ROWS = 50;
/** Average total variation between a case and the whole column for `by:` to be worth it. */
const MIN_DISTANCE = 0.1;
/** Chi-square p-value below which the column depends on the other one. */
const MAX_P_VALUE = 0.001;

export interface ConditionalFit {
  cases: Array<{ key: string; generator: Record<string, unknown> }>;
  /** For values of `by` without a case: the rows of NULL and of groups too small for one, pooled (the whole column when there are none). */
  fallback: Record<string, unknown>;
  distance: number;
  description: string;
}

/**
 * Cases of a categorical column by another categorical value (a parent's column, or one of its
 * own row): written when the two are dependent (chi-square, p < 0.001) and the cases differ
 * clearly from the whole (average total variation ≥ 0.1); groups under 50 rows use the default.
 */
export function fitConditional(pairs: ReadonlyArray<{ value: string | number | boolean; by: string | number | boolean | null }>): ConditionalFit | undefined {
  const n = pairs.length;
  const overall = new Map(frequencies(pairs.map((p) => p.value)).map((f) => [f.value, f.count / n]));
  // NULL is a group of its own: it takes part in the test and the fallback, but no case can name it.
  const groups = new Map<string | number | boolean | null, Array<string | number | boolean>>();
  for (const p of pairs) {
    if (!groups.has(p.by)) groups.set(p.by, []);
    groups.get(p.by)!.push(p.value);
  }
  if (groups.size < 2 || groups.size > MAX_CATEGORIES || overall.size < 2) return undefined;
  let chiSquare = 0;
  let weightedDistance = 0;
  for (const members of groups.values()) {
    const seen = new Map(frequencies(members).map((f) => [f.value, f.count]));
    let distance = 0;
    for (const [value, p] of overall) {
      const observed = seen.get(value) ?? 0;
      const expected = p * members.length;
      chiSquare += (observed - expected) ** 2 / expected;
      distance += Math.abs(observed / members.length - p);
    }
    weightedDistance += (distance / 2) * (members.length / n);
  }
  const degrees = (groups.size - 1) * (overall.size - 1);
  const pValue = 1 - regularizedGammaP(degrees / 2, chiSquare / 2);
  if (pValue >= MAX_P_VALUE || weightedDistance < MIN_DISTANCE) return undefined;
  const cases = [...groups]
    .filter(([key, members]) => key !== null && members.length >= MIN_CASE_ROWS)
    .map(([key, members]) => ({ key: String(key), generator: choiceOf(frequencies(members)) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (cases.length === 0) return undefined;
  const leftOver = [...groups].filter(([key, members]) => key === null || members.length < MIN_CASE_ROWS).flatMap(([, members]) => members);
  const fallback = choiceOf(frequencies(leftOver.length > 0 ? leftOver : pairs.map((p) => p.value)));
  const rest = leftOver.length > 0 ? `other values as the ${thousands(leftOver.length)} rows without a case` : "other values as the whole column";
  return { cases, fallback, distance: weightedDistance, description: `differs by it: total variation ${roundTo(weightedDistance, 3)} from the whole column on ${thousands(n)} rows; ${rest}` };
}
