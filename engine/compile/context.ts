import { PluginOptionError, type Row } from '../contract';
import { userError } from '../errors/problem';
import { parseAbsoluteDate } from '../time/dates';
import type { ContextSpec } from '../spec/model';
import { formatPath } from '../spec/positions';
import { suggestName } from '../spec/suggest';
import type { QueryValues } from '../targets/target';
import { canonicalContextValue } from './contextValues';
import { ROW_INDEX, type TableScope } from './scope';

/** One context query of a table: run once on the target before the table, joined to each row by key. */
export interface CompiledContext {
  sql: string;
  key: string;
  /** Its spec path (`tables.t.context` or `tables.t.context.1`), for run-time errors. */
  path: string;
  /** Tables the query reads (DAG edges). */
  tables: string[];
  /** Keeps the fields the table reads, by key; returns the number of result rows. */
  load(result: QueryValues): number;
}

/** A table's contexts: its queries in spec order, and the tables they read together. */
export interface TableContexts {
  queries: CompiledContext[];
  tables: string[];
  /**
   * After every query has loaded (`results`: each query's result columns and row count):
   * refuses a result without its key or a field read from it, a field no result holds, and
   * a name two results hold. An empty result names no columns through every driver: it is not checked.
   */
  settle(results: Map<CompiledContext, { columns: string[]; rows: number }>): void;
}

/** A `context.<field>`'s value per result row of its query, and how a row finds that result row. */
export interface ContextField {
  values: unknown[];
  rowOf: (row: Row) => number;
  /** The `on` columns of this table the lookup may read: generated before any column reading the field. */
  keyColumns: string[];
}

/** A context as compileSpec found it: the spec, its path below the table, what its SQL reads and returns. */
export interface ContextQuery {
  spec: ContextSpec;
  at: (string | number)[];
  reads: string[];
  /** Result column names the SQL states; undefined when it does not state them all (`SELECT *`). */
  columns: string[] | undefined;
}

interface Query {
  compiled: CompiledContext;
  spec: ContextSpec;
  at: (string | number)[];
  /** Result columns other than the key, lower-cased (PostgreSQL folds unquoted names). */
  names: Set<string> | undefined;
  /** The result row of a row, -1 when the query returned none. */
  rowOf: (row: Row) => number;
  /** The fields this query fills. */
  owned: Map<string, ContextField>;
}

/**
 * Compiles a table's context queries. A `context.<field>` belongs to the query whose result
 * names it (known from the SQL where it states its columns, from the result otherwise); two
 * queries returning one name is an error at the second, since a row could not tell which
 * it reads. Problems are reported each at its query, and the others still compile.
 */
export function compileContexts(scope: TableScope, queries: ContextQuery[], tableName: string, report: (err: unknown) => void): TableContexts {
  const compiled: Query[] = [];
  const all: Query[] = [];
  const unclaimed = new Map<string, ContextField>();
  const tables = new Set<string>();
  const fields = new Set<string>();
  // Filled as queries compile; the context exists before anything is checked, so `context.*` in columns resolves even when a check fails.
  scope.context = {
    fields,
    field: (name) => {
      fields.add(name);
      const owner = ownerOf(all, name);
      if (owner) {
        if (!owner.owned.has(name)) owner.owned.set(name, { values: [], rowOf: owner.rowOf, keyColumns: keyColumnsOf([owner.spec]) });
        return owner.owned.get(name)!;
      }
      if (all.length > 1 && all.every((q) => q.names)) {
        const known = all.flatMap((q) => [...q.names!]);
        throw new PluginOptionError(`no context query of table "${tableName}" returns a column "${name}"`, suggestName(name, known, 'column'), [], 'SPEC_UNKNOWN_COLUMN');
      }
      if (!unclaimed.has(name)) unclaimed.set(name, { values: [], rowOf: () => -1, keyColumns: keyColumnsOf(all.map((q) => q.spec)) });
      return unclaimed.get(name)!;
    },
  };
  for (const query of queries) {
    const names = query.columns && new Set(query.columns.filter((c) => c !== query.spec.key).map((c) => c.toLowerCase()));
    const clash = names && all.find((earlier) => earlier.names && [...names].some((n) => earlier.names!.has(n)));
    if (clash) {
      const name = query.columns!.find((c) => c !== query.spec.key && clash.names!.has(c.toLowerCase()))!;
      report(
        new PluginOptionError(
          `this context query returns a column "${name}", as ${formatPath(['tables', tableName, ...clash.at])} does: \`context.${name}\` could not tell which it reads`,
          `name it apart in one of the queries with AS, e.g. SELECT … AS ${name}_2`,
          query.at,
          'SPEC_BAD_OPTION',
        ),
      );
    }
    const entry: Query = { compiled: undefined!, spec: query.spec, at: query.at, names, rowOf: () => -1, owned: new Map() };
    all.push(entry);
    try {
      entry.compiled = compileContext(scope, entry, query.reads);
      compiled.push(entry);
      for (const table of entry.compiled.tables) tables.add(table);
    } catch (err) {
      report(err instanceof PluginOptionError ? err.under(query.at) : err);
    }
  }
  return {
    queries: compiled.map((q) => q.compiled),
    tables: [...tables],
    settle(results) {
      const holders = new Map<string, Query>();
      for (const query of compiled) {
        const { columns, rows } = results.get(query.compiled) ?? { columns: [], rows: 0 };
        if (rows === 0) continue;
        const missing = [query.spec.key, ...query.owned.keys()].filter((f) => !columns.includes(f));
        if (missing.length) {
          throw userError('SPEC_UNKNOWN_COLUMN', `the context query of "${tableName}" returns no column ${missing.map((m) => `"${m}"`).join(', ')}`, {
            path: query.compiled.path,
            hint: `it returns: ${columns.join(', ')}`,
          });
        }
        for (const column of columns) {
          const earlier = holders.get(column);
          if (column === query.spec.key || earlier === undefined) {
            if (column !== query.spec.key) holders.set(column, query);
            continue;
          }
          throw userError('SPEC_BAD_OPTION', `context queries of table "${tableName}" both return a column "${column}": \`context.${column}\` could not tell which it reads`, {
            path: query.compiled.path,
            hint: `name it apart in one of the queries with AS, e.g. SELECT … AS ${column}_2`,
          });
        }
      }
      if (unclaimed.size > 0 && compiled.every((q) => (results.get(q.compiled)?.rows ?? 0) > 0)) {
        const names = [...unclaimed.keys()].map((m) => `"${m}"`).join(', ');
        throw userError('SPEC_UNKNOWN_COLUMN', `no context query of "${tableName}" returns a column ${names}`, {
          path: formatPath(['tables', tableName, 'context']),
          hint: `they return: ${[...holders.keys()].join(', ')}`,
        });
      }
    },
  };

  /** The query a field belongs to: the one whose stated columns hold it, or the only query there is. */
  function ownerOf(queries: Query[], name: string): Query | undefined {
    const lower = name.toLowerCase();
    return queries.find((q) => q.names?.has(lower)) ?? queries.find((q) => q.spec.key.toLowerCase() === lower) ?? (queries.length === 1 ? queries[0] : undefined);
  }

  /** One query's compiled form; fields it does not state are claimed from `unclaimed` when its result holds them. */
  function compileContext(scope: TableScope, query: Query, reads: string[]): CompiledContext {
    const { spec } = query;
    let on: (row: Row) => unknown;
    try {
      on = scope.read(spec.on, undefined);
    } catch (err) {
      if (err instanceof PluginOptionError) throw err.under(['on']);
      throw err;
    }
    let rowOfKey: (key: unknown) => number = () => -1;
    // A row's context row is looked up once however many fields of this query its columns read.
    const last: { row: Row | undefined; index: unknown; found: number } = { row: undefined, index: -1, found: -1 };
    query.rowOf = (row) => {
      if (last.row !== row || last.index !== row[ROW_INDEX]) {
        last.row = row;
        last.index = row[ROW_INDEX];
        last.found = rowOfKey(on(row));
      }
      return last.found;
    };
    for (const field of query.owned.values()) field.rowOf = query.rowOf;
    const tables = spec.tables ?? reads;
    for (const [i, table] of tables.entries()) {
      try {
        scope.table(table, 'context');
      } catch (err) {
        if (!(err instanceof PluginOptionError)) throw err;
        const at = spec.tables ? ['tables', i] : ['sql'];
        throw new PluginOptionError(`the context query reads table "${table}", which does not exist`, err.hint, at, err.code);
      }
    }
    const dates = new Set(spec.dates ?? []);
    const path = formatPath(['tables', scope.name, ...query.at]);
    return {
      sql: spec.sql,
      key: spec.key,
      path,
      tables,
      load({ columns, rows }) {
        // Fields no query's SQL named are this query's when its result holds them.
        for (const [name, field] of unclaimed) {
          if (!columns.includes(name)) continue;
          field.rowOf = query.rowOf;
          query.owned.set(name, field);
          unclaimed.delete(name);
        }
        // Each read field becomes a column of its own, filled row by row: the result rows die young
        // instead of being copied by every garbage collection while the table runs.
        // A name repeated among the columns reads its last, as a row object would.
        const keyAt = columns.lastIndexOf(spec.key);
        const owned = [...query.owned.entries()].filter(([name]) => columns.includes(name));
        const names = owned.map(([name]) => name);
        // Date columns nobody reads are still checked to hold dates.
        for (const name of dates) if (!query.owned.has(name)) names.push(name);
        const at = names.map((name) => columns.lastIndexOf(name));
        const isDate = names.map((name, i) => dates.has(name) && at[i] >= 0);
        const values = names.map((_, i): unknown[] => (i < owned.length ? (owned[i][1].values = []) : []));
        const keys: unknown[] = [];
        for (const row of rows) {
          keys.push(row[keyAt]);
          for (let i = 0; i < names.length; i++) {
            const value = row[at[i]];
            values[i].push(isDate[i] ? engineDate(value, names[i], path) : canonicalContextValue(value));
          }
        }
        rowOfKey = keyIndex(keys);
        return keys.length;
      },
    };
  }
}

/** The `on` columns of these contexts (the first name of each path). */
function keyColumnsOf(specs: ContextSpec[]): string[] {
  return specs.map((spec) => spec.on.split('.')[0]);
}

/**
 * The row of each key; a repeated key finds its last row, as a map filled in order would.
 * Keys that are small non-negative integers (ids) index a typed array: cheaper per lookup
 * than a Map's hash.
 */
function keyIndex(keys: unknown[]): (key: unknown) => number {
  const byMap = () => {
    const byKey = new Map(keys.map((k, i) => [k, i]));
    return (key: unknown) => byKey.get(key) ?? -1;
  };
  let max = -1;
  for (const key of keys) {
    if (!Number.isInteger(key) || (key as number) < 0) return byMap();
    if ((key as number) > max) max = key as number;
  }
  // Far-apart ids would make a mostly empty array.
  if (max > 4 * keys.length + 1024) return byMap();
  const byInteger = new Int32Array(max + 1).fill(-1);
  keys.forEach((key, i) => (byInteger[key as number] = i));
  // An index outside the array, or not an integer, reads undefined.
  return (key) => (typeof key === 'number' ? (byInteger[key] ?? -1) : -1);
}

/**
 * A date as the engine holds it (epoch ms), from whatever a target returns for a date:
 * ISO text (`YYYY-MM-DD[ HH:mm:ss[.fff]]`, as SQLite stores and the servers' drivers give
 * back) or a Date object.
 */
function engineDate(value: unknown, field: string, path: string): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.getTime();
  const ms = typeof value === 'string' ? parseAbsoluteDate(value.slice(0, 19)) : undefined;
  if (ms === undefined) {
    throw userError('SPEC_BAD_OPTION', `context column "${field}" is listed in dates: but holds ${JSON.stringify(value)}, which is not a date`, {
      path: `${path}.dates`,
      hint: 'return a date, a datetime or ISO text (YYYY-MM-DD[ HH:mm:ss]) in that column, or drop it from dates:',
    });
  }
  return ms;
}
