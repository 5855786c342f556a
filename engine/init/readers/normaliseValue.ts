import type { SourceColumn, SourceRow, SourceType } from '../sourceDatabase';

const DATE = /^(\d{4}-\d{2}-\d{2})/;
const DATETIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})/;

/**
 * A value as the interface promises it whatever the driver gave: numbers for numeric kinds,
 * booleans, `YYYY-MM-DD` dates and `YYYY-MM-DD HH:MM:SS` datetimes (fractions and zones
 * dropped: the servers are read in UTC), text for the rest. A date the spec language cannot
 * hold (PostgreSQL's `infinity`, MariaDB's zero date) reads as NULL.
 */
export function normaliseValue(type: SourceType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'integer':
    case 'real':
    case 'decimal': {
      const number = typeof value === 'number' ? value : Number(value);
      return Number.isFinite(number) ? number : text(value);
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      // MariaDB/MySQL return a BIT(1) as its byte.
      if (Buffer.isBuffer(value)) return value.some((byte) => byte !== 0);
      return Number(value) !== 0 && value !== 'f' && value !== 'false';
    case 'date': {
      const match = DATE.exec(text(value));
      return match && match[1] !== '0000-00-00' ? match[1] : null;
    }
    case 'datetime': {
      const written = text(value);
      const match = DATETIME.exec(written);
      if (match) return match[1] === '0000-00-00' ? null : `${match[1]} ${match[2]}`;
      // A datetime column may hold a bare date (SQLite text), which is its midnight.
      const date = DATE.exec(written);
      return date && date[1] !== '0000-00-00' && written.length === 10 ? `${date[1]} 00:00:00` : null;
    }
    default:
      return text(value);
  }
}

/** One row of driver values, under each column's name. */
export function normaliseRow(columns: SourceColumn[], values: unknown[]): SourceRow {
  const row: SourceRow = {};
  columns.forEach((column, i) => (row[column.name] = normaliseValue(column.type, values[i])));
  return row;
}

/** Bytes (a blob) as hex: raw bytes are no text, and the profiler only needs their shape. */
function text(value: unknown): string {
  if (Buffer.isBuffer(value)) return value.toString('hex');
  if (value instanceof Date) return value.toISOString().replace('T', ' ').slice(0, 19);
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
