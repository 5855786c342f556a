import { userError, type UserError } from '../../errors/problem';

/** Leading comments and parentheses, then a statement kind that only reads. */
const READING_STATEMENT = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/|\()*(?:select|with|values|table|show|explain|describe|desc)\b/i;

/** The error for SQL that would write, or control the transaction a target runs it in. */
export function notReadOnly(sql: string): UserError {
  return userError('SPEC_BAD_OPTION', `query is not read-only: ${sql.slice(0, 80)}`, { hint: 'context queries, checks and KPIs may only SELECT' });
}

/**
 * Refuses statements that are not queries before they reach a server: a
 * read-only transaction stops writes, but not `COMMIT` or `SET` ending or
 * changing the transaction the target is writing in.
 */
export function assertReadingStatement(sql: string): void {
  if (!READING_STATEMENT.test(sql)) throw notReadOnly(sql);
}

/** The error for a query on a target that holds files, not a database. */
export function sqlUnavailable(kind: string): UserError {
  return userError('SPEC_BAD_OPTION', `a ${kind} target cannot run SQL queries`, { hint: 'write to a SQLite file or a database server for context queries, checks and KPIs' });
}
