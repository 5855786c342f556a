import { userError, type UserError } from '../../errors/problem';
import type { ForeignKey } from './foreignKeys';

/** RUN_CONSTRAINT for a key `orphans` rows of `table` break, worded alike on every target that checks keys itself. */
export function brokenForeignKey(table: string, key: ForeignKey, orphans: number | string): UserError {
  const single = key.columns.length === 1;
  const columns = single ? key.columns[0] : `(${key.columns.join(', ')})`;
  const parent = single ? `${key.table}.${key.referencedColumns[0]}` : `${key.table}(${key.referencedColumns.join(', ')})`;
  return userError('RUN_CONSTRAINT', `table "${table}": ${orphans} row(s) of ${columns} refer to no ${parent}`, {
    path: single ? `tables.${table}.columns.${key.columns[0]}` : `tables.${table}.foreign_keys`,
    hint: 'a column refers to rows that do not exist: check its ref: and the referenced table',
  });
}
