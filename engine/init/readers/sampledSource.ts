import type { SourceColumn, SourceDatabase, SourceForeignKey, SourceSchema, SourceTable } from '../sourceDatabase';
import { normaliseRow } from './normaliseValue';

/** What differs between dialects in the queries that sample a source. */
export interface SourceDialect {
  quote(name: string): string;
  /** A table as a query names it: quoted, and qualified by its schema or database on servers. */
  table(name: string): string;
  /** The expression a column is read through (`ref` is its qualified name): long values cut short, so one row cannot exhaust memory. */
  read(column: SourceColumn, ref: string): string;
  /** The expression a column is sorted by, for types that have no order of their own. */
  sortable(column: SourceColumn, ref: string): string;
}

/** Whether a column's values are text (or kept as their text): only those can be long enough to need cutting short. */
export function isTextual(column: SourceColumn): boolean {
  return !['integer', 'real', 'decimal', 'boolean', 'date', 'datetime'].includes(column.type.kind);
}

/** Runs one query built here; each row comes back as the array of its selected values. */
export type RunQuery = (sql: string) => Promise<unknown[][]>;

/**
 * The sampling half of a SourceDatabase, the same SQL on every dialect. A sample takes every
 * k-th row in key order (the primary key, else every column), k chosen so that at most `limit`
 * rows come back: deterministic, and spread over the whole table rather than its first rows.
 */
export function sampledSource(schema: SourceSchema, dialect: SourceDialect, run: RunQuery, close: () => Promise<void>): SourceDatabase {
  const tables = new Map(schema.tables.map((table) => [table.name, table]));
  const tableNamed = (name: string): SourceTable => {
    const table = tables.get(name);
    if (!table) throw new Error(`no table "${name}" in ${schema.displayName}`);
    return table;
  };
  const columnNamed = (table: SourceTable, name: string): SourceColumn => table.columns.find((column) => column.name === name)!;
  const { quote } = dialect;
  const orderOf = (table: SourceTable, alias: string) => {
    const keys = table.primaryKey.length > 0 ? table.primaryKey.map((name) => columnNamed(table, name)) : table.columns;
    return keys.map((column) => dialect.sortable(column, `${alias}.${quote(column.name)}`)).join(', ');
  };
  const readAll = (table: SourceTable, alias: string, prefix: string) =>
    table.columns.map((column, i) => `${dialect.read(column, `${alias}.${quote(column.name)}`)} AS ${prefix}${i}`);
  const aliases = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => `${prefix}${i}`).join(', ');
  const joinOn = (key: SourceForeignKey) => key.columns.map((name, i) => `c.${quote(name)} = p.${quote(key.referencedColumns[i])}`).join(' AND ');

  return {
    schema: async () => schema,

    async sample(name, limit) {
      const table = tableNamed(name);
      // PostgreSQL lets a table have no columns: there is nothing to select.
      if (table.columns.length === 0) return [];
      const sql = everyKth(readAll(table, 't', 'v'), `${dialect.table(name)} t`, orderOf(table, 't'), table.rowCount, limit, aliases(table.columns.length, 'v'));
      return (await run(sql)).map((values) => normaliseRow(table.columns, values));
    },

    async childCounts(name, key, limit) {
      const parent = tableNamed(key.table);
      // The key as stored, to match children by; the columns as read (cut short), to return.
      const keys = key.referencedColumns.map((column, i) => `t.${quote(column)} AS j${i}`);
      const order = key.referencedColumns.map((column) => dialect.sortable(columnNamed(parent, column), `t.${quote(column)}`)).join(', ');
      const outer = `${aliases(parent.columns.length, 'v')}, ${aliases(keys.length, 'j')}`;
      const parents = everyKth([...readAll(parent, 't', 'v'), ...keys], `${dialect.table(key.table)} t`, order, parent.rowCount, limit, outer);
      const matched = key.columns.map((column, i) => `c.${quote(column)} = p.j${i}`).join(' AND ');
      const keyAliases = key.columns.map((_, i) => `p.j${i} AS j${i}`).join(', ');
      // Counted by a join and grouped by the key (as fast as the join is, with or without an index), then matched to the whole parent rows.
      const counted = `SELECT ${keyAliases}, COUNT(c.${quote(key.columns[0])}) AS n FROM (${parents}) p LEFT JOIN ${dialect.table(name)} c ON ${matched} GROUP BY ${aliases(keys.length, 'p.j')}`;
      const byKey = key.columns.map((_, i) => `k.j${i} = p.j${i}`).join(' AND ');
      const rows = await run(`SELECT ${aliases(parent.columns.length, 'p.v')}, COALESCE(k.n, 0) FROM (${parents}) p LEFT JOIN (${counted}) k ON ${byKey} ORDER BY ${aliases(keys.length, 'p.j')}`);
      return rows.map((values) => ({ parent: normaliseRow(parent.columns, values), count: Number(values[parent.columns.length]) }));
    },

    async sampleWithParent(name, key, limit) {
      const child = tableNamed(name);
      const parent = tableNamed(key.table);
      const keyed = key.columns.map((column) => `${quote(column)} IS NOT NULL`).join(' AND ');
      const [[withKey]] = await run(`SELECT COUNT(*) FROM ${dialect.table(name)} WHERE ${keyed}`);
      const selected = [...readAll(child, 'c', 'c'), ...readAll(parent, 'p', 'p')];
      const from = `${dialect.table(name)} c JOIN ${dialect.table(key.table)} p ON ${joinOn(key)}`;
      const outer = `${aliases(child.columns.length, 'c')}, ${aliases(parent.columns.length, 'p')}`;
      const rows = await run(everyKth(selected, from, orderOf(child, 'c'), Number(withKey), limit, outer));
      return rows.map((values) => ({ row: normaliseRow(child.columns, values), parent: normaliseRow(parent.columns, values.slice(child.columns.length)) }));
    },

    close,
  };
}

/** Every k-th row of `from` in `order`, at most `limit` of them, `selected` aliased to the names `outer` lists. */
function everyKth(selected: string[], from: string, order: string, rowCount: number, limit: number, outer: string): string {
  const bound = Math.max(0, Math.floor(limit));
  const step = Math.max(1, Math.ceil(rowCount / Math.max(1, bound)));
  if (step === 1) return `SELECT ${selected.join(', ')} FROM ${from} ORDER BY ${order} LIMIT ${bound}`;
  return `SELECT ${outer} FROM (SELECT ${selected.join(', ')}, ROW_NUMBER() OVER (ORDER BY ${order}) AS rn FROM ${from}) s WHERE (rn - 1) % ${step} = 0 ORDER BY rn LIMIT ${bound}`;
}
