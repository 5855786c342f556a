import { PluginOptionError, type Row } from '../contract';
import { userError } from '../errors/problem';
import { parseAbsoluteDate } from '../time/dates';
import type { ContextSpec } from '../spec/model';
import type { QueryValues } from '../targets/target';
import type { TableScope } from './scope';

/** A table's SQL context: run once on the target before the table, joined to each row by key. */
export interface CompiledContext {
  sql: string;
  key: string;
  /** Fields the table's rows read (`context.<field>`): each must be a column of the result. */
  fields: Set<string>;
  /** Tables the query reads (DAG edges). */
  tables: string[];
  /** Keeps the fields the table reads, by key; returns the number of result rows. */
  load(result: QueryValues): number;
}

/** A `context.<field>`'s value per result row, filled once the query has run. */
export interface ContextField {
  values: unknown[];
}

/** A table's context query, `reads` the tables the analysis of its SQL found it reads (engine/sql). */
export function compileContext(scope: TableScope, spec: ContextSpec, reads: string[]): CompiledContext {
  // The result row of a key, -1 when the query returned none.
  let rowOf: (key: unknown) => number = () => -1;
  const fields = new Set<string>();
  const positions = new Map<string, ContextField>();
  const field = (name: string): ContextField => {
    fields.add(name);
    if (!positions.has(name)) positions.set(name, { values: [] });
    return positions.get(name)!;
  };
  // The context exists before anything is checked, so `context.*` in columns resolves even when a check below fails.
  scope.context = { fields, field, lookup: () => -1 };
  let on: (row: Row) => unknown;
  try {
    on = scope.read(spec.on, undefined);
  } catch (err) {
    if (err instanceof PluginOptionError) throw err.under(['on']);
    throw err;
  }
  scope.context.lookup = (row) => rowOf(on(row));
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
  return {
    sql: spec.sql,
    key: spec.key,
    fields,
    tables,
    load({ columns, rows }) {
      // Each read field becomes a column of its own, filled row by row: the result rows die young
      // instead of being copied by every garbage collection while the table runs.
      // A name repeated among the columns reads its last, as a row object would.
      const keyAt = columns.lastIndexOf(spec.key);
      const names = [...positions.keys()];
      // Date columns nobody reads are still checked to hold dates.
      for (const name of dates) if (!positions.has(name)) names.push(name);
      const at = names.map((name) => columns.lastIndexOf(name));
      const isDate = names.map((name, i) => dates.has(name) && at[i] >= 0);
      const values = names.map((name): unknown[] => (positions.has(name) ? (positions.get(name)!.values = []) : []));
      const keys: unknown[] = [];
      for (const row of rows) {
        keys.push(row[keyAt]);
        for (let i = 0; i < names.length; i++) {
          const value = row[at[i]];
          values[i].push(isDate[i] ? engineDate(value, names[i], scope.name) : value);
        }
      }
      rowOf = keyIndex(keys);
      return keys.length;
    },
  };
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
function engineDate(value: unknown, field: string, table: string): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.getTime();
  const ms = typeof value === 'string' ? parseAbsoluteDate(value.slice(0, 19)) : undefined;
  if (ms === undefined) {
    throw userError('SPEC_BAD_OPTION', `context column "${field}" is listed in dates: but holds ${JSON.stringify(value)}, which is not a date`, {
      path: `tables.${table}.context.dates`,
      hint: 'return a date, a datetime or ISO text (YYYY-MM-DD[ HH:mm:ss]) in that column, or drop it from dates:',
    });
  }
  return ms;
}
