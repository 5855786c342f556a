import { asciiSet, ByteWriter, NUMBER_BYTES, putNumber, putPlainText } from './byteWriter';
import type { TextConverter } from './isoDateText';

const ESCAPED = asciiSet('\\\t\n\r\0');
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '\\0' };
const NULL_FIELD = Buffer.from('\\N');

/**
 * Rows in the bulk text format of PostgreSQL's `COPY … (FORMAT text)` and
 * MariaDB's `LOAD DATA`: fields separated by TAB, rows ended by LF, backslash
 * escapes, NULL as `\N`. Written byte by byte like the INSERT literals:
 * through csv-stringify both loads ran at half the speed (docs/performance.md),
 * and nothing but the servers reads this text.
 */
export function escapedText(values: readonly unknown[], rowCount: number, width: number, converters: readonly TextConverter[]): Buffer {
  const out = new ByteWriter(rowCount * width * 12);
  let buffer = out.buffer;
  let at = 0;
  let k = 0;
  for (let row = 0; row < rowCount; row++) {
    for (let column = 0; column < width; column++, k++) {
      if (buffer.length - at < NUMBER_BYTES + 2) {
        out.length = at;
        out.reserve(NUMBER_BYTES + 2);
        buffer = out.buffer;
      }
      const value = values[k];
      if (value === null || value === undefined) {
        buffer.set(NULL_FIELD, at);
        at += 2;
      } else if (typeof value === 'number') {
        at = putNumber(buffer, at, value);
      } else {
        let text = typeof value === 'string' ? value : String(value);
        const convert = converters[column];
        if (convert) text = convert(text);
        if (buffer.length - at < text.length + 1) {
          out.length = at;
          out.reserve(text.length + 1);
          buffer = out.buffer;
        }
        const end = putPlainText(buffer, at, text, ESCAPED);
        if (end >= 0) at = end;
        else {
          out.length = at;
          out.utf8(text.replace(/[\\\t\n\r\0]/g, (char) => ESCAPES[char]));
          buffer = out.buffer;
          at = out.length;
        }
      }
      buffer[at++] = column === width - 1 ? 10 : 9;
    }
  }
  out.length = at;
  return out.take();
}
