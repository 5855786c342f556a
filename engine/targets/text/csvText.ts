import { stringify, type Options } from 'csv-stringify/sync';
import type { TextConverter } from './isoDateText';

/**
 * RFC 4180 through csv-stringify, lines ending in LF: the format PostgreSQL
 * `COPY … (FORMAT csv)` and DuckDB `read_csv` load fastest. A NULL is an empty
 * field and an empty string is `""`, so those readers tell them apart; a leading
 * backslash is quoted so PostgreSQL never reads a lone `\.` as its end-of-data marker.
 */
export const CSV_OPTIONS: Options = {
  record_delimiter: 'unix',
  // Quote any CR or LF, not only the record delimiter: readers split lines on both.
  quote_record_delimiter: true,
  // Per value, a test of the first character costs less than the `quoted_match` regex; the two rare cases take options.
  cast: { string: (text) => (text === '' ? { value: '', quoted_empty: true } : text.charCodeAt(0) === 92 ? { value: text, quoted: true } : text) },
};

/**
 * CSV lines of `rowCount` rows of a flat value array, `width` values a row; date columns' text
 * goes through their converters. Each field is written as csv-stringify writes it with
 * CSV_OPTIONS (test/targets/text.test.ts holds them to it), without the library's per-record
 * arrays and option objects: through csv-stringify, encoding and the garbage it left took
 * ~60 % of a TPC-H run into CSV.
 */
export function csvText(values: readonly unknown[], rowCount: number, width: number, converters: readonly TextConverter[] = []): string {
  let text = '';
  for (let row = 0, k = 0; row < rowCount; row++) {
    for (let column = 0; column < width; column++, k++) {
      const value = values[k];
      const convert = converters[column];
      const field = convert && value !== null && value !== undefined ? csvField(convert(String(value))) : csvField(value);
      text += column === 0 ? field : `,${field}`;
    }
    text += '\n';
  }
  return text;
}

/** One value as csv-stringify writes it with CSV_OPTIONS. */
function csvField(value: unknown): string {
  if (typeof value === 'string') {
    if (value === '') return '""';
    if (value.charCodeAt(0) === 92 /* \\ */ || needsQuotes(value)) return `"${value.replaceAll('"', '""')}"`;
    return value;
  }
  if (typeof value === 'number') return String(value);
  if (value === null || value === undefined) return '';
  // Anything else (booleans, bigints, objects) as the library writes it.
  return stringify([[value]], CSV_OPTIONS).slice(0, -1);
}

/** A comma, a double quote, CR or LF. */
function needsQuotes(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 44 || code === 34 || code === 10 || code === 13) return true;
  }
  return false;
}

/** One CSV line of texts, e.g. the header. */
export function csvLine(texts: readonly string[]): string {
  return stringify([texts], CSV_OPTIONS);
}
