import type { SourceForeignKey, SourceTable } from '../sourceDatabase';

/** Tables in an order where each comes after the tables its foreign keys refer to, and the keys that cannot be kept so. */
export interface TableOrder {
  tables: SourceTable[];
  /** Foreign keys to the table itself or closing a cycle: no table can be generated before the one it reads. */
  backward: Array<{ table: string; foreignKey: SourceForeignKey }>;
}

/**
 * Topological order of the tables by their foreign keys; ties keep the database's order. A key that
 * closes a cycle (or refers to its own table) is set aside so the rest still has an order.
 */
export function orderTables(tables: readonly SourceTable[]): TableOrder {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const placed = new Set<string>();
  const ordered: SourceTable[] = [];
  const backward: TableOrder['backward'] = [];
  const pending = [...tables];
  const waitsFor = (table: SourceTable) => table.foreignKeys.filter((fk) => fk.table !== table.name && byName.has(fk.table) && !placed.has(fk.table));
  while (pending.length > 0) {
    let index = pending.findIndex((t) => waitsFor(t).length === 0);
    // A cycle: break it at the first table still waiting, setting aside the keys it waits on.
    if (index < 0) index = 0;
    const [table] = pending.splice(index, 1);
    for (const fk of table.foreignKeys) {
      if (fk.table === table.name || (byName.has(fk.table) && !placed.has(fk.table))) backward.push({ table: table.name, foreignKey: fk });
    }
    placed.add(table.name);
    ordered.push(table);
  }
  return { tables: ordered, backward };
}
