import { userError } from '../../errors/problem';
import type { TableDef } from '../target';
import { asciiSet, ByteWriter, NUMBER_BYTES, putNumber, putPlainText } from '../text/byteWriter';
import type { TextConverter } from '../text/isoDateText';

const ESCAPED = asciiSet("'\\\0\x1a");
const NULL = Buffer.from('NULL');
const ESCAPES: Record<string, string> = { "'": "\\'", '\\': '\\\\', '\0': '\\0', '\x1a': '\\Z' };

/** A string literal for a session without NO_BACKSLASH_ESCAPES (the target sets its own sql_mode). */
function quoteLiteral(text: string): string {
  return `'${text.replace(/['\\\0\x1a]/g, (char) => ESCAPES[char])}'`;
}

/**
 * Packs rows into multi-row `INSERT … VALUES (…),(…)` statements of at most
 * `maxBytes` (the server's max_allowed_packet, less room for the header): rows
 * accumulate across batches and a statement is handed out only when full or
 * at `flush`, so the server parses few, large statements.
 */
export class InsertStatements {
  private readonly prefix: Buffer;
  private readonly width: number;
  private out: ByteWriter;
  private rows = 0;

  constructor(
    table: TableDef,
    private readonly converters: readonly TextConverter[],
    private readonly maxBytes: number,
  ) {
    const columns = table.columns.map((c) => quoteName(c.name)).join(',');
    this.prefix = Buffer.from(`INSERT INTO ${quoteName(table.name)} (${columns}) VALUES `, 'utf8');
    this.width = table.columns.length;
    this.out = this.fresh();
  }

  /** Adds rows; returns the statements that filled up on the way. */
  add(values: readonly unknown[], rowCount: number): string[] {
    const full: string[] = [];
    let out = this.out;
    let buffer = out.buffer;
    let at = out.length;
    let k = 0;
    for (let row = 0; row < rowCount; row++) {
      const rowStart = at;
      for (let column = 0; column < this.width; column++, k++) {
        if (buffer.length - at < NUMBER_BYTES + 3) {
          out.length = at;
          out.reserve(NUMBER_BYTES + 3);
          buffer = out.buffer;
        }
        if (column > 0) buffer[at++] = 44;
        else {
          if (this.rows > 0) buffer[at++] = 44;
          buffer[at++] = 40;
        }
        const value = values[k];
        if (value === null || value === undefined) {
          buffer.set(NULL, at);
          at += 4;
          continue;
        }
        if (typeof value === 'number') {
          at = putNumber(buffer, at, value);
          continue;
        }
        let text = typeof value === 'string' ? value : String(value);
        const convert = this.converters[column];
        if (convert) text = convert(text);
        if (buffer.length - at < text.length + 2) {
          out.length = at;
          out.reserve(text.length + 2);
          buffer = out.buffer;
        }
        buffer[at] = 39;
        const end = putPlainText(buffer, at + 1, text, ESCAPED);
        if (end >= 0) {
          buffer[end] = 39;
          at = end + 1;
        } else {
          out.length = at;
          out.utf8(quoteLiteral(text));
          buffer = out.buffer;
          at = out.length;
        }
      }
      if (buffer.length === at) {
        out.length = at;
        out.reserve(1);
        buffer = out.buffer;
      }
      buffer[at++] = 41;
      this.rows++;
      if (at > this.maxBytes) {
        out.length = at;
        full.push(this.cut(rowStart));
        out = this.out;
        buffer = out.buffer;
        at = out.length;
      }
    }
    out.length = at;
    return full;
  }

  /** The statement of the rows added since the last one handed out, if any. */
  flush(): string | undefined {
    if (this.rows === 0) return undefined;
    const statement = this.out.buffer.toString('utf8', 0, this.out.length);
    this.out = this.fresh();
    this.rows = 0;
    return statement;
  }

  /** Hands out the statement before the row that overflowed; that row starts the next one. */
  private cut(rowStart: number): string {
    const full = this.out;
    if (this.rows === 1) {
      throw userError('TARGET_WRITE_FAILED', `a row of ${full.length - this.prefix.length} bytes does not fit the server's max_allowed_packet (${this.maxBytes} bytes usable)`, {
        hint: 'raise max_allowed_packet on the server',
      });
    }
    const statement = full.buffer.toString('utf8', 0, rowStart);
    this.out = this.fresh();
    this.out.bytes(full.buffer.subarray(rowStart + 1, full.length));
    this.rows = 1;
    return statement;
  }

  private fresh(): ByteWriter {
    const out = new ByteWriter(this.maxBytes + (1 << 20));
    out.bytes(this.prefix);
    return out;
  }
}

export function quoteName(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}
