import { userError, type UserError } from '../../errors/problem';

/**
 * A server's refusal of rows as a user error: constraint violations (SQLSTATE
 * class 23) are the spec's fault, anything else (a value that does not fit its
 * column, a lost connection) the target's.
 */
export function rowsRefused(server: string, table: string, err: Error): UserError {
  const state = String((err as { code?: unknown; sqlState?: unknown }).sqlState ?? (err as { code?: unknown }).code ?? '');
  if (state.startsWith('23')) {
    return userError('RUN_CONSTRAINT', `table "${table}": ${err.message}`, { path: `tables.${table}`, hint: 'the generated rows break a NOT NULL, unique, key or reference constraint: check the columns named' });
  }
  return userError('TARGET_WRITE_FAILED', `${server} refused rows of table "${table}": ${err.message}`, { path: `tables.${table}`, hint: 'a value may not fit its column type; the previous tables are untouched' });
}
