/** Rows of a table sorted by one numeric column (dates are numbers), for windows found by binary search. */
export interface SortedColumn {
  /** Row indices, by value then by row. Rows whose value is NULL are left out: no comparison holds for them. */
  order: Int32Array;
  /** The values in that order. */
  values: Float64Array;
}

/** The rows sorted by `read`'s value, or undefined when a value is neither a number nor NULL (text has no window). */
export function sortColumn(size: number, read: (index: number) => unknown): SortedColumn | undefined {
  const rows: number[] = [];
  const byRow = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const value = read(i);
    if (value === null || value === undefined) continue;
    if (typeof value !== 'number') return undefined;
    byRow[i] = value;
    rows.push(i);
  }
  rows.sort((a, b) => byRow[a] - byRow[b] || a - b);
  const order = Int32Array.from(rows);
  const values = new Float64Array(order.length);
  for (let p = 0; p < order.length; p++) values[p] = byRow[order[p]];
  return { order, values };
}

/** The first position whose value is ≥ v (`strict`: > v); the length when none is. */
export function firstAtLeast(values: Float64Array, v: number, strict: boolean): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (strict ? values[mid] > v : values[mid] >= v) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * A position in [lo, hi) drawn in proportion to its weight, given the running totals of the
 * weights in that order (`cumulative`); -1 when the window's weights are all 0. Binary search.
 */
export function pickWeightedIn(cumulative: Float64Array, lo: number, hi: number, u: number): number {
  const before = lo > 0 ? cumulative[lo - 1] : 0;
  const total = cumulative[hi - 1] - before;
  if (!(total > 0)) return -1;
  const target = before + u * total;
  let a = lo;
  let b = hi - 1;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (cumulative[mid] > target) b = mid;
    else a = mid + 1;
  }
  return a;
}
