import { PluginOptionError, type Row } from '../contract';
import { UserError, userError } from '../errors/problem';
import { parseAbsoluteDate } from '../time/dates';
import { assertReadingStatement, notReadOnly } from '../targets/sql/readOnlySql';
import { assertSqlMacros } from '../targets/sql/sqlMacros';
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
  load(result: QueryValues): void;
}

/** Where a `context.<field>` is in the result's rows: known once the query has run. */
export interface ContextField {
  index: number;
}

/** Tables named after FROM/JOIN in a query; CTE names defined in its WITH clause are not tables. */
export function tablesInSql(sql: string): string[] {
  const ctes = new Set([...sql.matchAll(/(?:with|,)\s*(?:recursive\s+)?["`]?(\w+)["`]?\s+as\s*\(/gi)].map((m) => m[1].toLowerCase()));
  const found = [...sql.matchAll(/\b(?:from|join)\s+["`]?(\w+)["`]?/gi)].map((m) => m[1]);
  return [...new Set(found.filter((name) => !ctes.has(name.toLowerCase())))];
}

export function compileContext(scope: TableScope, spec: ContextSpec): CompiledContext {
  let byKey = new Map<unknown, unknown[]>();
  // Keys that are small non-negative integers (ids) index an array: a lookup per row costs less than a Map's hash.
  let byIntegerKey: (unknown[] | undefined)[] | undefined;
  const fields = new Set<string>();
  const positions = new Map<string, ContextField>();
  const field = (name: string): ContextField => {
    fields.add(name);
    if (!positions.has(name)) positions.set(name, { index: -1 });
    return positions.get(name)!;
  };
  // The context exists before anything is checked, so `context.*` in columns resolves even when a check below fails.
  scope.context = { fields, field, lookup: () => undefined };
  let on: (row: Row) => unknown;
  try {
    on = scope.read(spec.on, undefined);
  } catch (err) {
    if (err instanceof PluginOptionError) throw err.under(['on']);
    throw err;
  }
  scope.context.lookup = (row) => {
    const key = on(row);
    if (byIntegerKey === undefined) return byKey.get(key);
    return typeof key === 'number' ? byIntegerKey[key] : undefined;
  };
  const tables = spec.tables ?? tablesInSql(spec.sql);
  for (const [i, table] of tables.entries()) {
    try {
      scope.table(table, 'context');
    } catch (err) {
      if (!(err instanceof PluginOptionError)) throw err;
      const at = spec.tables ? ['tables', i] : ['sql'];
      throw new PluginOptionError(`the context query reads table "${table}", which does not exist`, err.hint, at, err.code);
    }
  }
  // Checked last: the columns still see `context.*`, so this is the only problem reported.
  refuseUnsafeSql(spec.sql);
  return {
    sql: spec.sql,
    key: spec.key,
    fields,
    tables,
    load({ columns, rows }) {
      // A name repeated among the columns reads its last, as a row object would.
      for (const [name, position] of positions) position.index = columns.lastIndexOf(name);
      for (const date of spec.dates ?? []) {
        const at = columns.lastIndexOf(date);
        if (at >= 0) for (const row of rows) row[at] = engineDate(row[at], date, scope.name);
      }
      const keyAt = columns.lastIndexOf(spec.key);
      byIntegerKey = integerKeyed(rows, keyAt);
      if (byIntegerKey === undefined) byKey = new Map(rows.map((r) => [r[keyAt], r]));
    },
  };
}

/** The rows in an array indexed by their key, when every key is an integer from 0 to a few times the row count; undefined otherwise. */
function integerKeyed(rows: unknown[][], key: number): (unknown[] | undefined)[] | undefined {
  let max = -1;
  for (const row of rows) {
    const value = row[key];
    if (!Number.isInteger(value) || (value as number) < 0) return undefined;
    if ((value as number) > max) max = value as number;
  }
  if (max > 4 * rows.length + 1024) return undefined;
  const byIndex: (unknown[] | undefined)[] = new Array(max + 1).fill(undefined);
  // The last row of a repeated key wins, as in the Map.
  for (const row of rows) byIndex[row[key] as number] = row;
  return byIndex;
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

/** `WITH … ) DELETE`: a statement that starts like a query and writes. */
const WRITES_AFTER_WITH = /\)\s*(insert|update|delete|replace)\b/i;

/** A query that writes, or controls the target's transaction, or misnames a macro, is refused at validation; targets refuse it again at run time. */
function refuseUnsafeSql(sql: string): void {
  try {
    assertReadingStatement(sql);
    if (WRITES_AFTER_WITH.test(sql)) throw notReadOnly(sql);
    assertSqlMacros(sql);
  } catch (err) {
    if (err instanceof UserError) throw new PluginOptionError(err.problems[0].message, err.problems[0].hint, ['sql']);
    throw err;
  }
}
