import { foreignKeysOf, type ForeignKey } from '../sql/foreignKeys';
import type { TableDef } from '../target';

/** A foreign key some rows break: how many rows refer to no row of the referenced table. */
export interface KeyViolation {
  table: TableDef;
  key: ForeignKey;
  orphans: number;
}

/**
 * Checks the foreign keys that do not hold by construction (ForeignKey.certain): per key,
 * the rows whose key columns are all set and match no row of the referenced table (MATCH
 * SIMPLE, as `PRAGMA foreign_key_check` reads them). The pragma checks every key of a table,
 * certain ones too, and took 3.6× the CPU of these joins on TPC-H's lineitem (42 % of the
 * SF1 run, docs/performance.md). Returns the first violated key in table and key order.
 */
export async function uncertainKeyViolation(tables: readonly TableDef[], count: (sql: string) => Promise<number>): Promise<KeyViolation | undefined> {
  for (const table of tables) {
    for (const key of foreignKeysOf(table)) {
      if (key.certain) continue;
      const orphans = await count(orphansSql(table.name, key));
      if (orphans > 0) return { table, key, orphans };
    }
  }
  return undefined;
}

/**
 * The rows whose key columns are all set and match no referenced row: a joined row's
 * referenced column equals a set value, so it is NULL only where nothing matched. A join,
 * not `NOT EXISTS`: SQLite runs a correlated subquery as a program per row, 4× the CPU of
 * the join's lookup.
 */
function orphansSql(table: string, key: ForeignKey): string {
  const present = key.columns.map((c) => `c.${quoteName(c)} IS NOT NULL`).join(' AND ');
  const matches = key.columns.map((c, i) => `p.${quoteName(key.referencedColumns[i])} = c.${quoteName(c)}`).join(' AND ');
  return `SELECT COUNT(*) AS orphans FROM ${quoteName(table)} c LEFT JOIN ${quoteName(key.table)} p ON ${matches} WHERE ${present} AND p.${quoteName(key.referencedColumns[0])} IS NULL`;
}

function quoteName(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
