import { stringify, type Options } from 'csv-stringify/sync';
import type { TextConverter } from './isoDateText';

/**
 * RFC 4180 through csv-stringify, lines ending in LF: the format PostgreSQL
 * `COPY … (FORMAT csv)` and DuckDB `read_csv` load fastest. A NULL is an empty
 * field and an empty string is `""`, so those readers tell them apart; a leading
 * backslash is quoted so PostgreSQL never reads a lone `\.` as its end-of-data marker.
 */
const CSV_OPTIONS: Options = {
  record_delimiter: 'unix',
  // Quote any CR or LF, not only the record delimiter: readers split lines on both.
  quote_record_delimiter: true,
  // Per value, a test of the first character costs less than the `quoted_match` regex; the two rare cases take options.
  cast: { string: (text) => (text === '' ? { value: '', quoted_empty: true } : text.charCodeAt(0) === 92 ? { value: text, quoted: true } : text) },
};

/** CSV lines of `rowCount` rows of a flat value array, `width` values a row; date columns' text goes through their converters. */
export function csvText(values: readonly unknown[], rowCount: number, width: number, converters: readonly TextConverter[] = []): string {
  const records: unknown[][] = new Array(rowCount);
  const converted = converters.flatMap((convert, column) => (convert ? [[column, convert] as const] : []));
  for (let row = 0, k = 0; row < rowCount; row++, k += width) {
    const record = values.slice(k, k + width);
    for (const [column, convert] of converted) if (record[column] !== null && record[column] !== undefined) record[column] = convert(String(record[column]));
    records[row] = record;
  }
  return stringify(records, CSV_OPTIONS);
}

/** One CSV line of texts, e.g. the header. */
export function csvLine(texts: readonly string[]): string {
  return stringify([texts], CSV_OPTIONS);
}
