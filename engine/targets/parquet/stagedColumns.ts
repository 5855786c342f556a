import type { DuckDBType } from '@duckdb/node-api';
import type { ColumnType } from '../../contract';
import { sqlTypeName } from '../../compile/columnTypes';
import { EXACT_DIGITS } from '../../compile/decimalRounding';
import type { ColumnDef } from '../target';
import { plainDecimal, plainDecimalConverter } from '../text/decimalText';
import { isoDateConverter, type TextConverter } from '../text/isoDateText';

type DuckDB = typeof import('@duckdb/node-api');

/** Parquet column types, as DuckDB names them. */
const DUCKDB_TYPES: Record<ColumnType, string> = {
  integer: 'BIGINT',
  real: 'DOUBLE',
  decimal: 'DECIMAL',
  text: 'VARCHAR',
  boolean: 'BOOLEAN',
  date: 'DATE',
  datetime: 'TIMESTAMP',
};

/**
 * How one of the table's columns is staged in DuckDB: the staged type, the column's values
 * from a slice of the engine's flat batch, and the SQL that casts the staged column to the
 * file's type. Strings cost a native call each on the way in (DuckDB's VARCHAR intake was the
 * largest share of a TPC-H profile) while numbers are copied a vector at a time, so decimals
 * and dates go in as the numbers their text would be cast to.
 */
export interface StagedColumn {
  type: DuckDBType;
  /** The column's values of `rows` rows from `first` in a batch of rows `width` values wide. */
  fill(values: unknown[], first: number, rows: number, width: number): unknown[];
  /** The file's column from staged column `c<at>`. */
  cast(at: number): string;
}

/** The staging of each column of a table. */
export function stagedColumns(duckdb: DuckDB, columns: ColumnDef[]): StagedColumn[] {
  return columns.map((column, index) => {
    const fileType = column.exact?.kind === 'decimal' ? sqlTypeName(column.exact) : DUCKDB_TYPES[column.type];
    if (column.type === 'integer' || column.type === 'real' || column.type === 'boolean') return numberColumn(duckdb.DOUBLE, index, fileType, (value) => value);
    if (column.exact?.kind === 'decimal' && column.exact.precision <= EXACT_DIGITS) return numberColumn(duckdb.DOUBLE, index, fileType, decimalStager(column.exact.scale));
    const converter = isoDateConverter(column) ?? plainDecimalConverter(column);
    if (column.type === 'date') return numberColumn(duckdb.INTEGER, index, 'DATE', (value) => isoDay(stagedText(value, converter)!), (at) => `DATE '1970-01-01' + c${at}`);
    return textColumn(duckdb.VARCHAR, index, fileType, converter);
  });
}

/** Numbers as `stage` makes them, NULL for missing values. */
function numberColumn(type: DuckDBType, column: number, fileType: string, stage: (value: unknown) => unknown, cast = (at: number) => `CAST(c${at} AS ${fileType})`): StagedColumn {
  return {
    type,
    fill(values, first, rows, width) {
      const out = new Array<unknown>(rows);
      for (let row = 0, k = first * width + column; row < rows; row++, k += width) {
        const value = values[k];
        out[row] = value === null || value === undefined ? null : stage(value);
      }
      return out;
    },
    cast,
  };
}

/** Text (dates rewritten to ISO, decimals in plain digits), which DuckDB casts to the file's type. */
function textColumn(type: DuckDBType, column: number, fileType: string, convert: TextConverter): StagedColumn {
  return {
    type,
    fill(values, first, rows, width) {
      const out = new Array<unknown>(rows);
      for (let row = 0, k = first * width + column; row < rows; row++, k += width) out[row] = stagedText(values[k], convert);
      return out;
    },
    cast: (at) => `CAST(c${at} AS ${fileType})`,
  };
}

function stagedText(value: unknown, convert: TextConverter): string | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'string' ? value : String(value);
  return convert ? convert(text) : text;
}

/**
 * A DECIMAL(p,s) of at most 15 digits as a double, which DuckDB casts by rounding value × 10^s
 * to the nearest integer: exact for the double nearest a decimal of s places and at most 15
 * digits. The engine rounds decimals so (k / 10^s === value); any other number is first rounded
 * as DuckDB rounds its text (half away from zero at s places), so the file holds the same decimal.
 */
export function decimalStager(scale: number): (value: unknown) => number {
  const unit = 10 ** scale;
  return (value) => {
    if (typeof value !== 'number') throw new Error(`${String(value)} is not a decimal number`);
    return Math.round(value * unit) / unit === value ? value : roundedAsText(String(value), scale);
  };
}

/** The decimal `text` (as JavaScript prints a number) rounded half away from zero at `scale` places, as the nearest double. */
function roundedAsText(text: string, scale: number): number {
  const plain = text.includes('e') ? plainDecimal(text) : text;
  const negative = plain.startsWith('-');
  const [whole, fraction = ''] = (negative ? plain.slice(1) : plain).split('.');
  const kept = BigInt(whole + fraction.slice(0, scale).padEnd(scale, '0')) + (fraction.charCodeAt(scale) >= 53 /* '5' */ ? 1n : 0n);
  return Number(`${negative ? '-' : ''}${kept}e-${scale}`) + 0;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of `YYYY-MM-DD`; a text that is not a day that exists fails, as DuckDB's cast of it would. */
export function isoDay(text: string): number {
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const shaped = text.length === 10 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45 && year >= 0;
  if (!shaped || month < 1 || month > 12 || day < 1 || day > (month === 2 && leap ? 29 : MONTH_DAYS[month - 1])) throw new Error(`date field value out of range: "${text}"`);
  // Date.UTC reads years 0–99 as 1900–1999: setUTCFullYear does not.
  return (year >= 100 ? Date.UTC(year, month - 1, day) : new Date(0).setUTCFullYear(year, month - 1, day)) / DAY_MS;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written in text[start, end), or -1 when a character is not a digit. */
function digits(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}
