import { PluginOptionError, type Row } from '../contract';
import { UserError, userError } from '../errors/problem';
import { parseAbsoluteDate } from '../time/dates';
import { assertReadingStatement, notReadOnly } from '../targets/sql/readOnlySql';
import { assertSqlMacros } from '../targets/sql/sqlMacros';
import type { ContextSpec } from '../spec/model';
import type { TableScope } from './scope';

/** A table's SQL context: run once on the target before the table, joined to each row by key. */
export interface CompiledContext {
  sql: string;
  key: string;
  /** Fields the table's rows read (`context.<field>`): each must be a column of the result. */
  fields: Set<string>;
  /** Tables the query reads (DAG edges). */
  tables: string[];
  load(rows: Record<string, unknown>[]): void;
}

/** Tables named after FROM/JOIN in a query; CTE names defined in its WITH clause are not tables. */
export function tablesInSql(sql: string): string[] {
  const ctes = new Set([...sql.matchAll(/(?:with|,)\s*(?:recursive\s+)?["`]?(\w+)["`]?\s+as\s*\(/gi)].map((m) => m[1].toLowerCase()));
  const found = [...sql.matchAll(/\b(?:from|join)\s+["`]?(\w+)["`]?/gi)].map((m) => m[1]);
  return [...new Set(found.filter((name) => !ctes.has(name.toLowerCase())))];
}

export function compileContext(scope: TableScope, spec: ContextSpec): CompiledContext {
  let byKey = new Map<unknown, Record<string, unknown>>();
  const fields = new Set<string>();
  // The context exists before anything is checked, so `context.*` in columns resolves even when a check below fails.
  scope.context = { fields, lookup: () => undefined };
  let on: (row: Row) => unknown;
  try {
    on = scope.read(spec.on, undefined);
  } catch (err) {
    if (err instanceof PluginOptionError) throw err.under(['on']);
    throw err;
  }
  scope.context.lookup = (row) => byKey.get(on(row));
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
    load(rows) {
      for (const field of spec.dates ?? []) for (const row of rows) row[field] = engineDate(row[field], field, scope.name);
      byKey = new Map(rows.map((r) => [r[spec.key], r]));
    },
  };
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
