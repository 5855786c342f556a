import { userError, type UserError } from '../errors/problem';

/** The error for a query on a target that holds files, not a database. */
export function sqlUnavailable(kind: string): UserError {
  return userError('SPEC_BAD_OPTION', `a ${kind} target cannot run SQL queries`, { hint: 'write to a SQLite file or a database server for context queries, checks and KPIs' });
}
