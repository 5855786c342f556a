import type { TableDef } from '../target';
import type { ColumnDef } from '../target';
import { POSTGRES_TYPES } from './postgresColumnTypes';

/** Columns a PostgreSQL table may have. */
export const POSTGRES_MAX_COLUMNS = 1600;

/** Bytes a PostgreSQL row may take: an 8 KiB page less its header and the row's line pointer. */
export const POSTGRES_MAX_ROW_BYTES = 8160;

/** Columns of one index (INDEX_MAX_KEYS); MariaDB takes as many key parts. */
export const POSTGRES_MAX_KEY_COLUMNS = 32;

/**
 * Size and alignment of each column type in a row. A text value stays in the row up to 24
 * bytes (1 length byte, unaligned); a longer one is compressed or moved out by TOAST,
 * leaving a pointer of 18: 24 is the most a text column can hold on to.
 */
const STORAGE: Record<string, { bytes: number; align: number }> = {
  bigint: { bytes: 8, align: 8 },
  'double precision': { bytes: 8, align: 8 },
  timestamp: { bytes: 8, align: 8 },
  date: { bytes: 4, align: 4 },
  smallint: { bytes: 2, align: 2 },
  text: { bytes: 24, align: 1 },
};

/**
 * The most bytes one row of the table can take in PostgreSQL, which refuses a larger row when
 * it is written (not when the table is created): the 23-byte row header with a null bit per
 * column, aligned to 8, then every column at its largest, each at its alignment, in order.
 */
export function postgresRowBytes(table: TableDef): number {
  let bytes = alignUp(23 + Math.ceil(table.columns.length / 8), 8);
  for (const column of table.columns) {
    const { bytes: size, align } = storageOf(column);
    bytes = alignUp(bytes, align) + size;
  }
  return bytes;
}

/**
 * A sized column's largest in-row form: NUMERIC takes 2 bytes a group of four digits (one
 * more group where the point splits one) and up to 8 of header; VARCHAR(n)/CHAR(n) take 4
 * bytes a character and a length byte, at most the 24 bytes any text keeps in the row.
 */
function storageOf(column: ColumnDef): { bytes: number; align: number } {
  const exact = column.exact;
  if (!exact) return STORAGE[POSTGRES_TYPES[column.type]];
  if (exact.kind === 'decimal') return { bytes: 8 + 2 * (Math.ceil(exact.precision / 4) + 1), align: 1 };
  return { bytes: Math.min(1 + 4 * exact.length, STORAGE.text.bytes), align: 1 };
}

const alignUp = (offset: number, align: number): number => Math.ceil(offset / align) * align;
