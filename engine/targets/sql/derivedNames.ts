import { createHash } from 'node:crypto';
import type { ColumnDef, TableDef } from '../target';
import { foreignKeysOf } from './foreignKeys';

/** The longest name every SQL target keeps whole: PostgreSQL cuts names at 63 bytes, MariaDB refuses names over 64 characters. */
export const MAX_IDENTIFIER_LENGTH = 63;

/** A name the SQL targets make from a table's and its columns' names, for a key or an index. */
export interface DerivedName {
  name: string;
  kind: 'primary key' | 'unique constraint' | 'foreign key' | 'index' | 'unique index';
  columns: string[];
}

/**
 * Every key and index name of a table, as Knex would name them (so existing databases keep
 * their names), shortened where they would not fit: a name over the limit keeps its start
 * and ends in a hash of the whole, so two long names never become one. Indexes named twice
 * (in `indexes:` and as a column's `index: true`) are listed once.
 */
export function derivedNames(table: TableDef): DerivedName[] {
  const names: DerivedName[] = [];
  if (table.primaryKey.length) names.push({ name: primaryKeyName(table), kind: 'primary key', columns: table.primaryKey });
  for (const column of table.columns) {
    if (hasUniqueConstraint(table, column)) names.push({ name: uniqueConstraintName(table, column.name), kind: 'unique constraint', columns: [column.name] });
  }
  for (const key of foreignKeysOf(table)) names.push({ name: foreignKeyName(table, key.columns.join('_')), kind: 'foreign key', columns: key.columns });
  return [...names, ...indexesOf(table)];
}

/** The table's indexes (`indexes:` and columns with `index: true`), each once, with its name. */
export function indexesOf(table: TableDef): (DerivedName & { unique: boolean })[] {
  const indexes = new Map<string, DerivedName & { unique: boolean }>();
  for (const index of [...table.indexes, ...table.columns.filter((c) => c.index).map((c) => ({ columns: [c.name], unique: false }))]) {
    const name = fitted(`${table.name}_${index.columns.join('_')}_${index.unique ? 'uniq' : 'idx'}`);
    // Keyed by the columns too: indexes on [a_b] and on [a, b] share a name, which validation refuses.
    const key = `${name}(${index.columns.join(',')})`;
    if (!indexes.has(key)) indexes.set(key, { name, kind: index.unique ? 'unique index' : 'index', columns: index.columns, unique: index.unique });
  }
  return [...indexes.values()];
}

/** A unique column gets its own constraint unless it is the whole primary key already. */
export function hasUniqueConstraint(table: TableDef, column: ColumnDef): boolean {
  return column.unique && !(column.primaryKey && table.primaryKey.length === 1);
}

export const primaryKeyName = (table: TableDef): string => fitted(`${table.name}_pkey`);
export const uniqueConstraintName = (table: TableDef, column: string): string => fitted(`${table.name}_${column}_unique`.toLowerCase());
export const foreignKeyName = (table: TableDef, column: string): string => fitted(`${table.name}_${column}_foreign`.toLowerCase());

function fitted(name: string): string {
  if (name.length <= MAX_IDENTIFIER_LENGTH) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, MAX_IDENTIFIER_LENGTH - hash.length - 1)}_${hash}`;
}
