import type { ColumnDef } from '../target';
import type { TextConverter } from './isoDateText';

/**
 * A decimal column's text in plain digits, as a DECIMAL reads and prints: JavaScript writes
 * numbers below 1e-6 or from 1e21 on with an exponent (1e-7, 1e+23). Undefined for other columns.
 */
export function plainDecimalConverter(column: ColumnDef): TextConverter {
  if (column.type !== 'decimal') return undefined;
  return (text) => (text.includes('e') ? plainDecimal(text) : text);
}

/** `1.5e-7` → `0.00000015`, `1e+23` → `100000000000000000000000`. */
export function plainDecimal(text: string): string {
  const [mantissa, exponent] = text.split('e');
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace(/[-.]/g, '');
  // Digits before the point.
  const point = Number(exponent) + 1;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
