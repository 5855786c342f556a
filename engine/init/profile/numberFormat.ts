/** Numbers as the spec and its comments print them: fixed rules, never the machine's locale. */

/** `x` to `digits` significant digits, as a plain number (no exponent for the sizes data has). */
export function significant(x: number, digits = 4): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const magnitude = Math.floor(Math.log10(Math.abs(x)));
  const factor = 10 ** (digits - 1 - magnitude);
  return Math.round(x * factor) / factor;
}

/** `x` rounded to `decimals` places. */
export function roundTo(x: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(x * factor) / factor;
}

/** 50000 → "50,000". */
export function thousands(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A share as a percentage for comments: 0.0312 → "3.1%". */
export function percent(share: number): string {
  return `${roundTo(share * 100, 1)}%`;
}

/** Digits after the point that a set of numbers uses (at most `cap`): 2 for prices in cents. */
export function decimalPlaces(values: readonly number[], cap = 6): number {
  let places = 0;
  for (const value of values) {
    while (places < cap && Math.abs(value - roundTo(value, places)) > 1e-9 * Math.max(1, Math.abs(value))) places++;
    if (places === cap) break;
  }
  return places;
}
