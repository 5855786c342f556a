import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { userError } from '../errors/problem';
import { openMysqlReader } from '../targets/mysql/mysqlReader';
import { openPostgresReader } from '../targets/postgres/postgresReader';
import { usedParams, type DatabaseReader } from '../targets/sql/databaseReader';
import { expandSqlMacros } from '../targets/sql/sqlMacros';
import { SQLITE_MACROS } from '../targets/sqlite/sqliteMacros';

export type { DatabaseReader } from '../targets/sql/databaseReader';

export interface DatabaseOptions {
  /** The schema (PostgreSQL) or database (MariaDB/MySQL) to read instead of the URL's default. */
  schema?: string;
}

/** Servers by URL scheme, as `--target` names them. */
const SERVERS: { matches: RegExp; open: (url: string, schema?: string) => Promise<DatabaseReader> }[] = [
  { matches: /^postgres(ql)?:\/\//i, open: openPostgresReader },
  { matches: /^mysql:\/\//i, open: openMysqlReader },
];

/** Opens a SQLite file read-only, or a PostgreSQL/MySQL URL. */
export async function openDatabase(where: string, options: DatabaseOptions = {}): Promise<DatabaseReader> {
  const server = SERVERS.find((s) => s.matches.test(where));
  if (server) return server.open(where, options.schema);
  const path = resolve(where.replace(/^file:/i, ''));
  if (!existsSync(path)) {
    throw userError('TARGET_UNREACHABLE', `database ${path} does not exist`, { hint: 'generate it first: hopify-engine run <spec> (or name it with --db)' });
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
