/** Significant digits a context query's non-integer numbers keep (docs/determinism.md). */
export const CONTEXT_DIGITS = 15;

/**
 * A value of a context query's result as rows read it: a non-integer number rounded to
 * 15 significant digits, everything else as the target gave it. Databases add up floats
 * in their own order and with their own algorithms (SQLite compensates its sums,
 * PostgreSQL and MariaDB do not), so an aggregate can differ in its last bits from target
 * to target: 2861.0499999999997 on one, 2861.05 on another. A double holds 15 significant
 * decimal digits exactly, and an aggregate of values that have few digits (amounts, counts,
 * rates) lies far from a rounding boundary at the 15th, so its nearby results all round to
 * the same double, and a later `round_to` or comparison sees the same number on every target.
 */
export function canonicalContextValue(value: unknown): unknown {
  if (typeof value !== 'number' || Number.isInteger(value) || !Number.isFinite(value)) return value;
  // Most values are amounts in cents. A double that is the nearest to some k / 100 (|k| < 10^15)
  // is read back from that decimal, which has at most 15 significant digits: rounding to 15
  // digits gives the value itself. Checked without making text: toPrecision cost ~1 µs a value.
  const cents = Math.round(value * 100);
  if (cents / 100 === value && Math.abs(cents) < 1e15) return value;
  return Number(value.toPrecision(CONTEXT_DIGITS));
}
