import type { TableDef } from '../target';

/** A foreign key as the SQL targets create it: a column's `references` or a table-level key. */
export interface ForeignKey {
  columns: string[];
  table: string;
  referencedColumns: string[];
  /** Holds by construction (see ColumnDef.references): no check needed. */
  certain: boolean;
}

/** Every foreign key of a table: its columns' single-column keys, then its table-level keys; a key declared twice (a column's `references:` and a `foreign_keys:` entry) is one constraint. */
export function foreignKeysOf(table: TableDef): ForeignKey[] {
  const single = table.columns.flatMap((c) => (c.references ? [{ columns: [c.name], table: c.references.table, referencedColumns: [c.references.column], certain: c.references.certain === true }] : []));
  const keys = new Map<string, ForeignKey>();
  for (const key of [...single, ...(table.foreignKeys ?? []).map((k) => ({ ...k, certain: false }))]) {
    const identity = JSON.stringify([key.columns, key.table, key.referencedColumns]);
    if (!keys.has(identity)) keys.set(identity, key);
  }
  return [...keys.values()];
}
