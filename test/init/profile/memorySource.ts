import type { SourceColumn, SourceDatabase, SourceForeignKey, SourceIndex, SourceRow, SourceSchema, SourceType } from '../../../engine/init/sourceDatabase';

/** A table of the in-memory source: its structure in short, and its rows. */
export interface MemoryTable {
  name: string;
  columns: Array<{ name: string; type: SourceType['kind'] | SourceType; notNull?: boolean; unique?: boolean }>;
  primaryKey?: string[];
  foreignKeys?: SourceForeignKey[];
  indexes?: SourceIndex[];
  rows: SourceRow[];
}

/**
 * A SourceDatabase over rows held in memory, for profiling tests without a database: samples
 * take evenly spaced rows (spread over the table, as the readers' samples are).
 */
export function memorySource(tables: MemoryTable[], displayName = 'memory.db'): SourceDatabase {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const rowsOf = (name: string) => byName.get(name)!.rows;
  const spread = <T>(items: T[], limit: number): T[] => {
    if (items.length <= limit) return items;
    return Array.from({ length: limit }, (_, i) => items[Math.floor((i * items.length) / limit)]);
  };
  const keyOf = (row: SourceRow, columns: string[]) => JSON.stringify(columns.map((c) => row[c]));
  const schema: SourceSchema = {
    dialect: 'sqlite',
    displayName,
    tables: tables.map((t) => ({
      name: t.name,
      columns: t.columns.map(
        (c): SourceColumn => ({
          name: c.name,
          type: typeof c.type === 'string' ? { kind: c.type, declared: c.type.toUpperCase() } : c.type,
          notNull: c.notNull ?? false,
          unique: c.unique ?? false,
        }),
      ),
      primaryKey: t.primaryKey ?? [],
      foreignKeys: t.foreignKeys ?? [],
      indexes: t.indexes ?? [],
      rowCount: t.rows.length,
    })),
  };
  return {
    schema: async () => schema,
    sample: async (table, limit) => spread(rowsOf(table), limit),
    async childCounts(table, foreignKey, limit) {
      const counts = new Map<string, number>();
      for (const row of rowsOf(table)) {
        const key = keyOf(row, foreignKey.columns);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return spread(rowsOf(foreignKey.table), limit).map((parent) => ({ parent, count: counts.get(keyOf(parent, foreignKey.referencedColumns)) ?? 0 }));
    },
    async sampleWithParent(table, foreignKey, limit) {
      const parents = new Map(rowsOf(foreignKey.table).map((p) => [keyOf(p, foreignKey.referencedColumns), p]));
      const joined = rowsOf(table).flatMap((row) => {
        const parent = foreignKey.columns.some((c) => row[c] === null) ? undefined : parents.get(keyOf(row, foreignKey.columns));
        return parent ? [{ row, parent }] : [];
      });
      return spread(joined, limit);
    },
    close: async () => undefined,
  };
}
