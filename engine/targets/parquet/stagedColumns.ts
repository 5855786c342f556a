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
 * How one of the table's columns is staged in DuckDB: one or two staged columns, filled from
 * a slice of the engine's flat batch, and the SQL that casts them to the file's type.
 * Strings cost a native call each on the way in (DuckDB's VARCHAR intake was the largest share
 * of a TPC-H profile); numbers are copied a vector at a time. So decimals and dates go in as
 * numbers where that is exact, with a text column beside for any value that is not.
 */
export interface StagedColumn {
  types: DuckDBType[];
  /** One array per staged column: the column's values of `rows` rows from `first` in a batch of rows `width` values wide. */
  fill(values: unknown[], first: number, rows: number, width: number): unknown[][];
  /** The file's column from staged columns `c<at>` (and `c<at + 1>`). */
  cast(at: number): string;
}

/** The staging of each column of a table. */
export function stagedColumns(duckdb: DuckDB, columns: ColumnDef[]): StagedColumn[] {
  return columns.map((column, index) => {
    const fileType = column.exact?.kind === 'decimal' ? sqlTypeName(column.exact) : DUCKDB_TYPES[column.type];
    if (column.type === 'integer' || column.type === 'real' || column.type === 'boolean') return numberColumn(duckdb, index, fileType);
    if (column.exact?.kind === 'decimal' && column.exact.precision <= EXACT_DIGITS) return scaledDecimalColumn(duckdb, index, fileType, column.exact.scale);
    const converter = isoDateConverter(column) ?? plainDecimalConverter(column);
    if (column.type === 'date') return dayColumn(duckdb, index, converter);
    return textColumn(duckdb, index, fileType, converter);
  });
}

/** Numbers (booleans as 1/0) as they are, NULL for missing values. */
function numberColumn(duckdb: DuckDB, column: number, fileType: string): StagedColumn {
  return {
    types: [duckdb.DOUBLE],
    fill(values, first, rows, width) {
      const out = new Array<unknown>(rows);
      for (let row = 0, k = first * width + column; row < rows; row++, k += width) out[row] = values[k] ?? null;
      return [out];
    },
    cast: (at) => `CAST(c${at} AS ${fileType})`,
  };
}

/** Text (dates rewritten to ISO, decimals in plain digits), which DuckDB casts to the file's type. */
function textColumn(duckdb: DuckDB, column: number, fileType: string, convert: TextConverter): StagedColumn {
  return {
    types: [duckdb.VARCHAR],
    fill(values, first, rows, width) {
      const out = new Array<unknown>(rows);
      for (let row = 0, k = first * width + column; row < rows; row++, k += width) out[row] = stagedText(values[k], convert);
      return [out];
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
 * to the nearest integer. That is the decimal the text would give whenever the double is the
 * one nearest a decimal of s places (k / 10^s === value): the engine rounds decimals so, and
 * 15 digits keep k × 10^-s within half a unit. Any other value (a double between two such
 * decimals, text) goes as text, as before, for DuckDB's own text rounding.
 */
function scaledDecimalColumn(duckdb: DuckDB, column: number, fileType: string, scale: number): StagedColumn {
  const unit = 10 ** scale;
  const convert: TextConverter = (text) => (text.includes('e') ? plainDecimal(text) : text);
  return {
    types: [duckdb.DOUBLE, duckdb.VARCHAR],
    fill(values, first, rows, width) {
      const numbers = new Array<unknown>(rows);
      const texts = new Array<unknown>(rows).fill(null);
      for (let row = 0, k = first * width + column; row < rows; row++, k += width) {
        const value = values[k];
        if (typeof value === 'number' && Math.round(value * unit) / unit === value) numbers[row] = value;
        else {
          numbers[row] = null;
          texts[row] = stagedText(value, convert);
        }
      }
      return [numbers, texts];
    },
    cast: (at) => `COALESCE(CAST(c${at} AS ${fileType}), CAST(c${at + 1} AS ${fileType}))`,
  };
}

const DAY_MS = 86_400_000;

/** A date as days since 1970-01-01 where its ISO text is a real day of years 1000–9999; any other text goes as text, as before. */
function dayColumn(duckdb: DuckDB, column: number, convert: TextConverter): StagedColumn {
  return {
    types: [duckdb.INTEGER, duckdb.VARCHAR],
    fill(values, first, rows, width) {
      const days = new Array<unknown>(rows);
      const texts = new Array<unknown>(rows).fill(null);
      for (let row = 0, k = first * width + column; row < rows; row++, k += width) {
        const text = stagedText(values[k], convert);
        const day = text === null ? undefined : isoDay(text);
        days[row] = day ?? null;
        if (day === undefined) texts[row] = text;
      }
      return [days, texts];
    },
    cast: (at) => `COALESCE(DATE '1970-01-01' + c${at}, CAST(c${at + 1} AS DATE))`,
  };
}

/** Days since 1970-01-01 of `YYYY-MM-DD` (years 1000–9999, a day that exists), else undefined. */
export function isoDay(text: string): number | undefined {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  if (year < 1000 || month < 1 || month > 12 || day < 1) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : MONTH_DAYS[month - 1])) return undefined;
  return Date.UTC(year, month - 1, day) / DAY_MS;
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
