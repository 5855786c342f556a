import type { ExactType } from '../../compile/columnTypes';
import type { ColumnDef, TableDef } from '../target';
import { mysqlType } from './mysqlColumnTypes';

/** Columns an InnoDB table may have. */
export const MYSQL_MAX_COLUMNS = 1017;

/** The server's own bound on a row, whatever the storage engine. */
export const MYSQL_MAX_ROW_BYTES = 65_535;

/** InnoDB's bound on the part of a row kept in its page: less than half a 16 KiB page (the default innodb_page_size). */
export const INNODB_MAX_ROW_BYTES = 8125;

/** Keys and indexes of one table (the primary key, unique columns, foreign keys, which get an index each, and indexes). */
export const MYSQL_MAX_KEYS = 64;

/** InnoDB's bound on the bytes of one key's columns. */
export const INNODB_MAX_KEY_BYTES = 3072;

/**
 * Bytes of each column type in a row. InnoDB keeps a text value of up to 40 bytes in the row
 * with its length byte, and may move a longer one off the page, leaving a 20-byte pointer
 * and a length byte: 41 bytes is the most a text column can take when a row is written
 * (MariaDB then refuses the row), more than the 21 it counts when the table is created.
 * The server counts, when the table is created, the longest VARCHAR(255) in utf8mb4 (4 bytes
 * a character and 2 length bytes) and a TEXT as its 10-byte pointer. In a key, a
 * VARCHAR(255) counts its 1,020 bytes of characters.
 */
const STORAGE: Record<string, { innodb: number; server: number; key: number }> = {
  BIGINT: { innodb: 8, server: 8, key: 8 },
  DOUBLE: { innodb: 8, server: 8, key: 8 },
  DATETIME: { innodb: 5, server: 5, key: 5 },
  DATE: { innodb: 3, server: 3, key: 3 },
  BOOLEAN: { innodb: 1, server: 1, key: 1 },
  TEXT: { innodb: 41, server: 10, key: 0 },
  'VARCHAR(255)': { innodb: 41, server: 1022, key: 1020 },
};

/**
 * Bytes of the table's largest row, as the server counts them when it creates the table and
 * as InnoDB keeps them when a row is written: each adds a null bit per column; InnoDB adds
 * its 5-byte record header and the 19 bytes of the row id, transaction id and roll pointer
 * it keeps in every row.
 */
export function mysqlRowBytes(table: TableDef): { innodb: number; server: number } {
  const typeOf = mysqlType(table);
  const nullBits = Math.ceil(table.columns.length / 8);
  let innodb = 5 + 19 + nullBits;
  let server = 1 + nullBits;
  for (const column of table.columns) {
    const storage = storageOf(column, typeOf(column));
    innodb += storage.innodb;
    server += storage.server;
  }
  return { innodb, server };
}

/** Bytes of a key on `columns` (a text column of a key is a VARCHAR(255)). */
export function mysqlKeyBytes(table: TableDef, columns: readonly ColumnDef[]): number {
  const typeOf = mysqlType(table);
  return columns.reduce((bytes, column) => bytes + storageOf(column, typeOf(column)).key, 0);
}

function storageOf(column: ColumnDef, type: string): { innodb: number; server: number; key: number } {
  return column.exact ? sizedStorage(column.exact) : STORAGE[type];
}

/** Bytes of each group of 0–9 leftover digits of a DECIMAL: whole groups of nine take 4. */
const DECIMAL_LEFTOVER_BYTES = [0, 1, 1, 2, 2, 3, 3, 4, 4, 4];

/**
 * A DECIMAL(p,s) packs the digits before and after the point apart, 4 bytes a group of nine;
 * a VARCHAR(n)/CHAR(n) in utf8mb4 counts 4 bytes a character (and 1 or 2 length bytes for a
 * VARCHAR) to the server and in a key; InnoDB keeps at most 41 bytes of it in the row, like TEXT.
 */
function sizedStorage(exact: ExactType): { innodb: number; server: number; key: number } {
  if (exact.kind === 'decimal') {
    const packed = (digits: number) => 4 * Math.floor(digits / 9) + DECIMAL_LEFTOVER_BYTES[digits % 9];
    const bytes = packed(exact.precision - exact.scale) + packed(exact.scale);
    return { innodb: bytes, server: bytes, key: bytes };
  }
  const characters = 4 * exact.length;
  const lengthBytes = exact.kind === 'char' ? 0 : characters > 255 ? 2 : 1;
  return { innodb: Math.min(characters + lengthBytes, STORAGE.TEXT.innodb), server: characters + lengthBytes, key: characters };
}
