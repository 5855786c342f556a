import type { ColumnType } from '../../contract';

/** Booleans stay 1/0 as the engine and SQLite have them, so spec SQL such as `SUM(active)` or `active = 1` runs unchanged. */
export const POSTGRES_TYPES: Record<ColumnType, string> = {
  integer: 'bigint',
  real: 'double precision',
  text: 'text',
  boolean: 'smallint',
  date: 'date',
  datetime: 'timestamp',
};
