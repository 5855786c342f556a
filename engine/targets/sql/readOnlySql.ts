import { userError, type UserError } from '../../errors/problem';

/** The error for spec SQL a server refused as a write in its read-only transaction: the layer under the spec SQL gate (engine/sql). */
export function notReadOnly(sql: string): UserError {
  return userError('SPEC_UNSAFE_SQL', `query is not read-only: ${sql.slice(0, 80)}`, { hint: "spec SQL is one SELECT (or WITH … SELECT) over the dataset's tables" });
}
