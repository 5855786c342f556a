import type { TableDef } from '../target';

/** A foreign key as the SQL targets create it: a column's `references` or a table-level key. */
export interface ForeignKey {
  columns: string[];
  table: string;
  referencedColumns: string[];
  /** Holds by construction (see ColumnDef.references): no check needed. */
  certain: boolean;
}

/** Every foreign key of a table: its columns' single-column keys, then its table-level keys. */
export function foreignKeysOf(table: TableDef): ForeignKey[] {
  const single = table.columns.flatMap((c) => (c.references ? [{ columns: [c.name], table: c.references.table, referencedColumns: [c.references.column], certain: c.references.certain === true }] : []));
  return [...single, ...(table.foreignKeys ?? []).map((key) => ({ ...key, certain: false }))];
}
