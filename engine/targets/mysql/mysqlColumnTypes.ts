import type { ColumnType } from '../../contract';
import { sqlTypeName } from '../../compile/columnTypes';
import type { ColumnDef, TableDef } from '../target';

export const MYSQL_TYPES: Record<ColumnType, string> = {
  integer: 'BIGINT',
  real: 'DOUBLE',
  decimal: 'DECIMAL',
  text: 'TEXT',
  boolean: 'BOOLEAN',
  date: 'DATE',
  datetime: 'DATETIME',
};

/** TEXT cannot be a key in MySQL: text columns that are keys (a column's or the table's), unique, referenced or indexed become VARCHAR(255). Sized types stay as written. */
export function mysqlType(table: TableDef): (column: ColumnDef) => string {
  const keyed = new Set([...table.primaryKey, ...table.indexes.flatMap((index) => index.columns), ...(table.foreignKeys ?? []).flatMap((key) => key.columns)]);
  return (column) => {
    if (column.exact) return sqlTypeName(column.exact);
    const isKey = column.primaryKey || column.unique || column.index || column.references !== undefined || keyed.has(column.name);
    return column.type === 'text' && isKey ? 'VARCHAR(255)' : MYSQL_TYPES[column.type];
  };
}
