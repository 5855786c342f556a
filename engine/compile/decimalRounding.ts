/** Digits a double holds exactly: any decimal with this many significant digits reads back unchanged. */
export const EXACT_DIGITS = 15;

/**
 * Decimal rounding of doubles. The engine computes in doubles, exact to 15 significant
 * digits: a number is first taken as its decimal of 15 significant digits (the float noise
 * beyond them dropped), then rounded half away from zero at `scale` decimals. So 1.005
 * (stored as 1.00499999999999989…) rounds to 1.01 as written, 27 × 1.005 (computed as
 * 27.134999999999998) to 27.14 as the exact product would, and a sum that came out as
 * 2861.0499999999997 to 2861.05.
 */
export function roundDecimal(value: number, scale: number): number {
  if (!Number.isFinite(value)) return value;
  if (scale < POWERS_OF_TEN.length) {
    // The common case in arithmetic: below 2^30 the double and its 15-digit decimal differ by under
    // 6e-6 at the scale, so away from a half they round alike, and an integer over an exact power
    // of ten is the double nearest that decimal.
    const scaled = Math.abs(value) * POWERS_OF_TEN[scale];
    if (scaled < FAST_LIMIT) {
      const whole = Math.floor(scaled);
      const fraction = scaled - whole;
      if (Math.abs(fraction - 0.5) > NEAR_HALF) {
        const rounded = fraction > 0.5 ? whole + 1 : whole;
        return (value < 0 ? -rounded : rounded) / POWERS_OF_TEN[scale] + 0;
      }
    }
  }
  return roundDigits(value, scale);
}

/** Powers of ten a double holds exactly (up to 10^22). */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
const FAST_LIMIT = 2 ** 30;
const NEAR_HALF = 1e-4;

/** The rounding spelt out on the digits: the 15-digit decimal, rounded half away from zero at `scale`. */
function roundDigits(value: number, scale: number): number {
  const exact = Number(value.toPrecision(EXACT_DIGITS));
  const [mantissa, exponentText] = exact.toExponential().split('e');
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace(/[-.]/g, '');
  const exponent = Number(exponentText);
  // Digits kept: those before the point (exponent + 1) and `scale` after it.
  const keep = exponent + 1 + scale;
  if (keep >= digits.length) return exact + 0;
  if (keep < 0) return 0;
  let kept = BigInt(digits.slice(0, keep) || '0');
  if (digits.charCodeAt(keep) >= 53 /* '5' */) kept += 1n;
  // `+ 0` makes -0 a plain 0, which SQLite would otherwise keep as -0.0.
  return Number(`${negative ? '-' : ''}${kept}e${-scale}`) + 0;
}

/** Significant digits of a number as JavaScript prints it (1200 → 2, 0.0105 → 3). */
export function significantDigits(value: number): number {
  return value.toExponential().split('e')[0].replace(/[-.]/g, '').length;
}
