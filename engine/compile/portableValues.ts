import { EXACT_DIGITS, significantDigits } from './decimalRounding';

/**
 * Values every target stores as the same value. A value outside these bounds would differ
 * by target (SQLite keeps Infinity as `Inf`, CSV writes `Infinity`, the servers and Parquet
 * refuse it), so the engine refuses it before any target sees it.
 */

/** 0001-01-01 00:00:00 UTC: PostgreSQL has no year 0, and MariaDB's dates start at year 1. */
export const FIRST_DATE_MS = -62_135_596_800_000;
/** 9999-12-31 23:59:59.999 UTC: MariaDB's DATE and DATETIME end there, and four-digit years do. */
export const LAST_DATE_MS = 253_402_300_799_999;
/** 2^63: integer columns are 64-bit (BIGINT, int64) on every target that types them. */
const INT64_LIMIT = 9_223_372_036_854_775_808;

export const isPortableDate = (ms: number): boolean => ms >= FIRST_DATE_MS && ms <= LAST_DATE_MS;
export const isPortableInteger = (n: number): boolean => n >= -INT64_LIMIT && n < INT64_LIMIT;

type Fault = 'not finite' | 'beyond int64' | 'date out of range' | 'too many digits' | 'too long';

/** A value its column would store differently, or not at all, on some target: found as the row is written. */
export class UnportableValue extends Error {
  constructor(
    readonly column: string,
    readonly fault: Fault,
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }

  /** A number no target stores alike: not finite, beyond int64, or a date outside years 1 to 9999. */
  static of(column: string, isDate: boolean, value: number): UnportableValue {
    const fault = isDate ? 'date out of range' : Number.isFinite(value) ? 'beyond int64' : 'not finite';
    return new UnportableValue(column, fault, describe(fault, value), HINTS[fault]);
  }
}

const HINTS = {
  'date out of range': "bound the date's generator or offset so that it stays within years 1 to 9999",
  'beyond int64': 'bound the generator, or make the column real',
  'not finite': 'a division by zero or an overflow made it: guard the expression (if d = 0 then null else n / d) or bound the generator',
};

function describe(fault: keyof typeof HINTS, value: number): string {
  if (fault === 'date out of range') {
    // Beyond ±8.64e15 ms JavaScript has no calendar to name the year.
    const date = Number.isFinite(value) && Math.abs(value) <= 8.64e15 ? `a date in the year ${new Date(value).getUTCFullYear()}` : `a date that is no date (${value})`;
    return `${date} is outside 0001-01-01 … 9999-12-31, the dates every target stores`;
  }
  if (fault === 'beyond int64') return `${value} is beyond the 64-bit integers every target stores (±9,223,372,036,854,775,807)`;
  return `${value} is not a finite number, which the targets store differently (SQLite, CSV) or refuse (PostgreSQL, MariaDB, Parquet)`;
}

/**
 * A decimal column's check of a value already rounded to its scale: at most precision − scale
 * digits before the point (the targets refuse more), and at most 15 significant digits, which
 * a double holds exactly (so SQLite, Parquet and the text targets store the same decimal).
 */
export function decimalOutput(column: string, precision: number, scale: number): (value: number) => number {
  const bound = 10 ** (precision - scale);
  const type = `decimal(${precision}, ${scale})`;
  return (value) => {
    if (Math.abs(value) >= bound) {
      const message = `${value} has more than ${precision - scale} digits before the point, which ${type} holds`;
      throw new UnportableValue(column, 'too many digits', message, `bound the generator below ${bound.toLocaleString('en-US')}, or widen the precision`);
    }
    if (precision > EXACT_DIGITS && significantDigits(value) > EXACT_DIGITS) {
      const message = `${value} needs ${significantDigits(value)} significant digits; the engine computes with ${EXACT_DIGITS} exactly`;
      throw new UnportableValue(column, 'too many digits', message, `bound the generator, or lower the scale so that values keep at most ${EXACT_DIGITS} digits`);
    }
    return value;
  };
}

/**
 * A VARCHAR(n)/CHAR(n) column's check: at most n characters (code points, as the databases
 * count them). CHAR values lose their trailing spaces, which SQL's CHAR ignores, so every
 * target stores the same text (PostgreSQL pads on reading; the engine's readers strip it).
 */
export function sizedTextOutput(column: string, kind: 'varchar' | 'char', length: number, text: (value: unknown) => unknown): (value: unknown) => unknown {
  return (value) => {
    let out = text(value);
    if (out === null) return out;
    // The regular expression only where there is a space to strip: TPC-H's CHAR columns spent 0.2 s of 14 s of its profile in it.
    if (kind === 'char' && typeof out === 'string' && out.charCodeAt(out.length - 1) === 32) out = out.replace(/ +$/, '');
    const written = String(out);
    if (written.length > length && [...written].length > length) {
      const shown = JSON.stringify(written.length > 40 ? `${written.slice(0, 40)}…` : written);
      throw new UnportableValue(column, 'too long', `${shown} has ${[...written].length} characters, more than ${kind}(${length}) holds`, `shorten the generated text, or widen the column to ${kind}: ${[...written].length}`);
    }
    return out;
  };
}
