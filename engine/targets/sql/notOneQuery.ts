import { userError, type UserError } from '../../errors/problem';
import type { QueryBounds } from './queryBounds';

/**
 * The error for spec SQL the database itself judges to be more or other than one
 * read-only query. Validation refuses such SQL first; this is the layer under it.
 */
export function notOneQuery(sql: string, bounds: QueryBounds): UserError {
  const text = sql.replace(/\s+/g, ' ').trim();
  return userError('SPEC_UNSAFE_SQL', `the database does not take this as one read-only query: ${text.length > 80 ? `${text.slice(0, 80)}…` : text}`, {
    path: bounds.path ?? '',
    hint: "spec SQL (context, checks, KPIs, charts) is one SELECT or WITH … SELECT over the dataset's tables",
  });
}
