/**
 * A growing byte buffer the row encoders write into directly: no JS string per
 * row or value, so a batch costs one allocation instead of one string per
 * value. Encoders keep `buffer` and the write position in locals and call the
 * `put…` functions below, which V8 inlines; `room` grows the buffer.
 */
export class ByteWriter {
  buffer: Buffer;
  length = 0;

  constructor(capacity = 1 << 16) {
    this.buffer = Buffer.allocUnsafe(capacity);
  }

  /** Makes room for `bytes` more after `length`; the buffer may be replaced. */
  reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  /** Bytes as they are. */
  bytes(source: Uint8Array): void {
    this.reserve(source.length);
    this.buffer.set(source, this.length);
    this.length += source.length;
  }

  /** Any text, as UTF-8. */
  utf8(text: string): void {
    this.reserve(text.length * 3);
    this.length += this.buffer.write(text, this.length, 'utf8');
  }

  /** Hands over the bytes written so far and starts afresh (a stream may still hold them). */
  take(): Buffer {
    const bytes = this.buffer.subarray(0, this.length);
    this.buffer = Buffer.allocUnsafe(Math.max(1 << 16, this.buffer.length));
    this.length = 0;
    return bytes;
  }
}

/** Bytes `putNumber` may write. */
export const NUMBER_BYTES = 25;

/**
 * Writes a number at `at` as text that reads back to exactly the same double;
 * returns the end. Integers and decimals of up to 6 places go digit by digit:
 * `String(n)` costs ~300 ns for a double such as 1234.56, ten times this.
 */
export function putNumber(buffer: Buffer, at: number, n: number): number {
  if (n < 0) {
    buffer[at++] = 45;
    n = -n;
  }
  if (n < 2_147_483_648 && (n | 0) === n) return putDigits(buffer, at, n, 0);
  if (n < 1e9) {
    // The fewest decimal places whose scaled integer divides back to `n` exactly: that decimal parses back to `n`.
    for (let places = 1, scale = 10; places <= 6; places++, scale *= 10) {
      const scaled = Math.round(n * scale);
      if (scaled / scale === n) return putDigits(buffer, at, scaled, places);
    }
  }
  const text = String(n);
  for (let i = 0; i < text.length; i++) buffer[at++] = text.charCodeAt(i);
  return at;
}

/** The digits of an integer in [0, 2^53), with a decimal point `places` digits from the right. */
function putDigits(buffer: Buffer, at: number, n: number, places: number): number {
  const end = at + digitCount(n, places) + (places > 0 ? 1 : 0);
  let i = end;
  for (let place = 0; place < places; place++) {
    const next = Math.floor(n / 10);
    buffer[--i] = 48 + n - next * 10;
    n = next;
  }
  if (places > 0) buffer[--i] = 46;
  do {
    const next = Math.floor(n / 10);
    buffer[--i] = 48 + n - next * 10;
    n = next;
  } while (n > 0);
  return end;
}

/** Digits of `n`, with at least one before the `places` after the decimal point. */
function digitCount(n: number, places: number): number {
  let count = 1;
  for (let bound = 10; bound <= n && count < 16; bound *= 10) count++;
  if (count === 16) count = String(n).length;
  return Math.max(count, places + 1);
}

/**
 * Copies text at `at` when every character is ASCII and not marked in
 * `special` (needs `text.length` bytes free); returns the end, or -1 when the
 * text needs the caller's slower encoding.
 */
export function putPlainText(buffer: Buffer, at: number, text: string, special: Uint8Array): number {
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128 || special[code] === 1) return -1;
    buffer[at++] = code;
  }
  return at;
}

/** A lookup of ASCII characters for `putPlainText`. */
export function asciiSet(chars: string): Uint8Array {
  const set = new Uint8Array(128);
  for (const char of chars) set[char.charCodeAt(0)] = 1;
  return set;
}
