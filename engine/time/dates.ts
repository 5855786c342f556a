/** Dates are epoch milliseconds (UTC) inside the engine; text only at the edges. */

export const DAY_MS = 86_400_000;

const ABSOLUTE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const RELATIVE_TERM = /([+-])\s*(\d+(?:\.\d+)?)\s*(hour|day|week|month|quarter|year)s?/gy;

/** Parses `YYYY-MM-DD[ HH:mm[:ss]]` as UTC; undefined when it is not such a date. */
export function parseAbsoluteDate(text: string): number | undefined {
  const m = ABSOLUTE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  const check = new Date(ms);
  if (check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d) return undefined;
  return ms;
}

/** Adds calendar units; months clamp to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addUnits(ms: number, amount: number, unit: string): number {
  switch (unit) {
    case 'hour':
      return ms + amount * 3_600_000;
    case 'day':
      return ms + amount * DAY_MS;
    case 'week':
      return ms + amount * 7 * DAY_MS;
    case 'month':
    case 'quarter':
    case 'year': {
      const months = amount * (unit === 'month' ? 1 : unit === 'quarter' ? 3 : 12);
      const whole = Math.trunc(months);
      const date = new Date(ms);
      const day = date.getUTCDate();
      date.setUTCDate(1);
      date.setUTCMonth(date.getUTCMonth() + whole);
      const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
      date.setUTCDate(Math.min(day, lastDay));
      return date.getTime();
    }
    default:
      throw new Error(`unknown date unit ${unit}`);
  }
}

/**
 * Parses an absolute date, or one relative to `asOf`: `as_of`, `-36 months`,
 * `as_of - 1 year + 2 days`. Undefined when the text is neither.
 */
export function parseDate(text: string | number, asOf: number): number | undefined {
  if (typeof text === 'number') return text;
  const trimmed = text.trim();
  const absolute = parseAbsoluteDate(trimmed);
  if (absolute !== undefined) return absolute;
  let rest = trimmed;
  let base = asOf;
  if (rest.startsWith('as_of')) rest = rest.slice(5).trim();
  if (rest === '') return base;
  RELATIVE_TERM.lastIndex = 0;
  let consumed = 0;
  let m: RegExpExecArray | null;
  while ((m = RELATIVE_TERM.exec(rest)) !== null) {
    base = addUnits(base, (m[1] === '-' ? -1 : 1) * Number(m[2]), m[3]);
    consumed = RELATIVE_TERM.lastIndex;
    while (rest[consumed] === ' ') consumed++;
    RELATIVE_TERM.lastIndex = consumed;
  }
  return consumed === rest.length ? base : undefined;
}

/** Compiles a text format (YYYY, MM, DD, HH, mm, ss, literals) into a fast formatter of epoch ms. */
export function compileDateFormat(format: string): (ms: number) => string {
  // Slices of the ISO string `YYYY-MM-DDTHH:mm:ss.sssZ`.
  const tokens: Record<string, [number, number]> = { YYYY: [0, 4], MM: [5, 7], DD: [8, 10], HH: [11, 13], mm: [14, 16], ss: [17, 19] };
  if (format === 'YYYY-MM-DD') return (ms) => new Date(ms).toISOString().slice(0, 10);
  if (format === 'YYYY-MM-DD HH:mm:ss') return (ms) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  const parts: ([number, number] | string)[] = [];
  for (let i = 0; i < format.length; ) {
    const token = Object.keys(tokens).find((t) => format.startsWith(t, i));
    if (token) {
      parts.push(tokens[token]);
      i += token.length;
    } else {
      const last = parts[parts.length - 1];
      if (typeof last === 'string') parts[parts.length - 1] = last + format[i];
      else parts.push(format[i]);
      i++;
    }
  }
  return (ms) => {
    const iso = new Date(ms).toISOString();
    let out = '';
    for (const part of parts) out += typeof part === 'string' ? part : iso.slice(part[0], part[1]);
    return out;
  };
}

export const DEFAULT_FORMATS = { date: 'YYYY-MM-DD', datetime: 'YYYY-MM-DD HH:mm:ss' } as const;
