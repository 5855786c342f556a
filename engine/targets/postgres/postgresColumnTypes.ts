import type { ColumnType } from '../../contract';
import { sqlTypeName } from '../../compile/columnTypes';
import type { ColumnDef } from '../target';

/** Booleans stay 1/0 as the engine and SQLite have them, so spec SQL such as `SUM(active)` or `active = 1` runs unchanged. */
export const POSTGRES_TYPES: Record<ColumnType, string> = {
  integer: 'bigint',
  real: 'double precision',
  decimal: 'numeric',
  text: 'text',
  boolean: 'smallint',
  date: 'date',
  datetime: 'timestamp',
};

/** A column's PostgreSQL type: sized types as written (DECIMAL(p,s) is NUMERIC(p,s)), the rest by kind. */
export const postgresType = (column: ColumnDef): string => (column.exact ? sqlTypeName(column.exact) : POSTGRES_TYPES[column.type]);
