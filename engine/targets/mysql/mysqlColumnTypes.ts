import type { ColumnType } from '../../contract';
import type { ColumnDef, TableDef } from '../target';

export const MYSQL_TYPES: Record<ColumnType, string> = {
  integer: 'BIGINT',
  real: 'DOUBLE',
  text: 'TEXT',
  boolean: 'BOOLEAN',
  date: 'DATE',
  datetime: 'DATETIME',
};

/** TEXT cannot be a key in MySQL: text columns that are keys (a column's or the table's), unique, referenced or indexed become VARCHAR(255). */
export function mysqlType(table: TableDef): (column: ColumnDef) => string {
  const keyed = new Set([...table.primaryKey, ...table.indexes.flatMap((index) => index.columns)]);
  return (column) => {
    const isKey = column.primaryKey || column.unique || column.index || column.references !== undefined || keyed.has(column.name);
    return column.type === 'text' && isKey ? 'VARCHAR(255)' : MYSQL_TYPES[column.type];
  };
}
