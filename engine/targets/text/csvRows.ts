import { asciiSet, NUMBER_BYTES, putNumber, putPlainText, type ByteWriter } from './byteWriter';

/** Rewrites one column's text on the way out (e.g. a date to ISO); undefined keeps it. */
export type TextConverter = ((text: string) => string) | undefined;

const NEEDS_QUOTES = asciiSet('",\r\n');

/**
 * RFC 4180 quoting. A NULL is an empty field and an empty string is `""`, so
 * PostgreSQL's and DuckDB's CSV readers tell them apart; a leading backslash is
 * quoted so PostgreSQL never reads a lone `\.` as its end-of-data marker.
 */
function quoteField(text: string): string {
  return text === '' || text.charCodeAt(0) === 92 || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Encodes `rowCount` rows of a flat value array as CSV lines ending in LF, the
 * format PostgreSQL `COPY … (FORMAT csv)` and DuckDB `read_csv` load fastest.
 */
export function encodeCsvRows(out: ByteWriter, values: readonly unknown[], rowCount: number, width: number, converters: readonly TextConverter[] = []): void {
  let buffer = out.buffer;
  let at = out.length;
  let k = 0;
  for (let row = 0; row < rowCount; row++) {
    for (let column = 0; column < width; column++, k++) {
      if (buffer.length - at < NUMBER_BYTES + 2) {
        out.length = at;
        out.reserve(NUMBER_BYTES + 2);
        buffer = out.buffer;
      }
      if (column > 0) buffer[at++] = 44;
      const value = values[k];
      if (value === null || value === undefined) continue;
      if (typeof value === 'number') {
        at = putNumber(buffer, at, value);
        continue;
      }
      let text = typeof value === 'string' ? value : String(value);
      const convert = converters[column];
      if (convert) text = convert(text);
      if (buffer.length - at < text.length) {
        out.length = at;
        out.reserve(text.length);
        buffer = out.buffer;
      }
      const end = text === '' || text.charCodeAt(0) === 92 ? -1 : putPlainText(buffer, at, text, NEEDS_QUOTES);
      if (end >= 0) {
        at = end;
      } else {
        out.length = at;
        out.utf8(quoteField(text));
        buffer = out.buffer;
        at = out.length;
      }
    }
    if (at === buffer.length) {
      out.length = at;
      out.reserve(1);
      buffer = out.buffer;
    }
    buffer[at++] = 10;
  }
  out.length = at;
}

/** One CSV line of texts, e.g. the header. */
export function encodeCsvLine(out: ByteWriter, texts: readonly string[]): void {
  encodeCsvRows(out, texts, 1, texts.length);
}
