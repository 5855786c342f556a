import { basename } from 'node:path';
import type { Problem } from '../errors/problem';
import { MAX_IDENTIFIER_LENGTH } from '../targets/sql/derivedNames';
import type { DatasetSpec } from './model';
import { formatPath, type PositionIndex, type SourcePosition, type SpecPath } from './positions';

/** Table name prefixes a target keeps for itself, and why. */
const RESERVED_TABLE_PREFIXES: [prefix: string, reason: string][] = [
  ['sqlite_', 'SQLite keeps names beginning with sqlite_ for its own tables'],
  ['pg_', "PostgreSQL keeps names beginning with pg_ for its catalog, which queries would read instead of the table"],
];

/** Columns every PostgreSQL table has already. */
const POSTGRES_SYSTEM_COLUMNS = new Set(['tableoid', 'xmin', 'cmin', 'xmax', 'cmax', 'ctid']);

/**
 * Table and column names every target can create as written: SQL and case-insensitive file
 * systems ignore case, so two names may not differ only in it; no name a target keeps for
 * itself; no name longer than the shortest limit of the targets. One problem per name, at
 * its own line, so `validate` lists them with the others.
 */
export function nameProblems(spec: DatasetSpec, positions: PositionIndex): Problem[] {
  const problems: Problem[] = [];
  const fail = (path: SpecPath, message: string, hint: string) =>
    problems.push({ code: 'SPEC_BAD_NAME', message, path: formatPath(path), ...positions.find(path, true), hint });
  const tables = new Map<string, string>();
  for (const [table, tableSpec] of Object.entries(spec.tables)) {
    const tablePath = ['tables', table];
    const same = tables.get(table.toLowerCase());
    if (same !== undefined) fail(tablePath, `table "${table}" and table "${same}"${place(positions, ['tables', same], tablePath)} differ only in case: every database takes them for one table`, 'rename one of them');
    else tables.set(table.toLowerCase(), table);
    const reserved = RESERVED_TABLE_PREFIXES.find(([prefix]) => table.toLowerCase().startsWith(prefix));
    if (reserved) fail(tablePath, `table "${table}": ${reserved[1]}`, `rename the table, e.g. "${table.slice(reserved[0].length) || 'data'}"`);
    if (table.length > MAX_IDENTIFIER_LENGTH) fail(tablePath, tooLong(`table "${table}"`, table), 'shorten the name');
    const columns = new Map<string, string>();
    for (const column of Object.keys(tableSpec.columns ?? {})) {
      const columnPath = [...tablePath, 'columns', column];
      const sameColumn = columns.get(column.toLowerCase());
      if (sameColumn !== undefined) {
        fail(columnPath, `column "${column}" and column "${sameColumn}"${place(positions, [...tablePath, 'columns', sameColumn], columnPath)} of table "${table}" differ only in case: every database takes them for one column`, 'rename one of them');
      } else columns.set(column.toLowerCase(), column);
      if (POSTGRES_SYSTEM_COLUMNS.has(column.toLowerCase())) fail(columnPath, `column "${column}" of table "${table}": every PostgreSQL table has a system column of that name`, `rename the column, e.g. "${column}_value"`);
      if (column.length > MAX_IDENTIFIER_LENGTH) fail(columnPath, tooLong(`column "${column}" of table "${table}"`, column), 'shorten the name');
    }
  }
  return problems;
}

function tooLong(what: string, name: string): string {
  return `the name of ${what} has ${name.length} characters; PostgreSQL keeps only the first ${MAX_IDENTIFIER_LENGTH} (two names equal in those would be one) and MariaDB refuses names over 64`;
}

/** Where the other name is, ` (line 9)` or ` (base.yaml:9)` when it is in another file. */
function place(positions: PositionIndex, other: SpecPath, here: SpecPath): string {
  const there: SourcePosition | undefined = positions.find(other, true);
  if (!there) return '';
  return there.file === positions.find(here, true)?.file ? ` (line ${there.line})` : ` (${basename(there.file)}:${there.line})`;
}
