import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { userError } from '../errors/problem';
import { notAFile, whyNotAFile } from '../spec/regularFile';
import { readSqliteHeader } from '../targets/ownership/sqliteMark';
import { openServerReader } from '../targets/openServerReader';
import { usedParams, type DatabaseReader } from '../targets/sql/databaseReader';
import { expandSqlMacros } from '../sql/sqlMacros';
import { SQLITE_MACROS } from '../targets/sqlite/sqliteMacros';

export type { DatabaseReader } from '../targets/sql/databaseReader';

export interface DatabaseOptions {
  /** The schema (PostgreSQL) or database (MariaDB/MySQL) to read instead of the URL's default. */
  schema?: string;
}

/** Opens a SQLite file read-only, or a PostgreSQL/MySQL URL. */
export async function openDatabase(where: string, options: DatabaseOptions = {}): Promise<DatabaseReader> {
  const server = openServerReader(where, options.schema);
  if (server) return server;
  const path = resolve(where.replace(/^file:/i, ''));
  const kind = notAFile(path);
  if (kind === 'missing') {
    throw userError('TARGET_UNREACHABLE', `database ${path} does not exist`, { hint: 'generate it first: hopify-engine run <spec> (or name it with --db)' });
  }
  // Checked before SQLite opens it: a FIFO would block the open, and a text file fails only at the first query.
  if (kind || !readSqliteHeader(path)) {
    throw userError('TARGET_UNREACHABLE', `database ${path} ${kind ? whyNotAFile(kind) : 'is not a readable SQLite database'}`, { hint: 'name the SQLite file the spec was run into, or a server URL, with --db' });
  }
  const db = new Database(path, { readonly: true, fileMustExist: true });
  return {
    location: path,
    query: async (sql, params = {}) => db.prepare(expandSqlMacros(sql, SQLITE_MACROS)).all(usedParams(sql, params)) as Record<string, unknown>[],
    foreignKeyViolations: async () => {
      const counts: Record<string, number> = {};
      for (const row of db.prepare('PRAGMA foreign_key_check').all() as { table: string }[]) counts[row.table] = (counts[row.table] ?? 0) + 1;
      return counts;
    },
    close: async () => void db.close(),
  };
}
