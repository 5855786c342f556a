import { DEFAULT_FORMATS } from '../../time/dates';
import type { ColumnDef } from '../target';

/** Rewrites one column's text on the way out (e.g. a date to ISO); undefined keeps it. */
export type TextConverter = ((text: string) => string) | undefined;

const TOKENS = ['YYYY', 'MM', 'DD', 'HH', 'mm', 'ss'] as const;
type Token = (typeof TOKENS)[number];

/**
 * Reads a date or datetime column's text back as ISO (`YYYY-MM-DD[ HH:mm:ss]`),
 * which every database parses; undefined for other columns and for text that is
 * ISO already. The engine's formats are fixed-width, so this is slicing only.
 */
export function isoDateConverter(column: ColumnDef): TextConverter {
  if (column.type !== 'date' && column.type !== 'datetime') return undefined;
  const format = column.format ?? DEFAULT_FORMATS[column.type];
  if (format === DEFAULT_FORMATS[column.type]) return undefined;
  const at: Partial<Record<Token, number>> = {};
  for (let i = 0; i < format.length; ) {
    const token = TOKENS.find((t) => format.startsWith(t, i));
    if (token) at[token] = i;
    i += token ? token.length : 1;
  }
  const part = (token: Token, fallback: string) => {
    const start = at[token];
    return start === undefined ? () => fallback : (text: string) => text.slice(start, start + token.length);
  };
  const [year, month, day] = [part('YYYY', '1970'), part('MM', '01'), part('DD', '01')];
  if (column.type === 'date') return (text) => `${year(text)}-${month(text)}-${day(text)}`;
  const [hour, minute, second] = [part('HH', '00'), part('mm', '00'), part('ss', '00')];
  return (text) => `${year(text)}-${month(text)}-${day(text)} ${hour(text)}:${minute(text)}:${second(text)}`;
}
