import { MYSQL_MACROS } from '../targets/mysql/mysqlMacros';
import { POSTGRES_MACROS } from '../targets/postgres/postgresMacros';
import { SQLITE_MACROS } from '../targets/sqlite/sqliteMacros';
import type { SqlMacros } from './sqlMacros';

/** The SQL dialects spec SQL runs in: each database target's own; CSV and Parquet runs answer context queries from a scratch SQLite file. */
export type SqlDialect = 'sqlite' | 'postgresql' | 'mariadb';

/** Each dialect's SQL for the `{{ macros }}`. */
export const DIALECT_MACROS: Record<SqlDialect, SqlMacros> = {
  sqlite: SQLITE_MACROS,
  postgresql: POSTGRES_MACROS,
  mariadb: MYSQL_MACROS,
};

/** Names of the dialects for messages. */
export const DIALECT_NAMES: Record<SqlDialect, string> = { sqlite: 'SQLite', postgresql: 'PostgreSQL', mariadb: 'MariaDB/MySQL' };

/** The dialect of the database a `--target`, `--db` or `output:` names; files and folders are SQLite's. */
export function sqlDialectOf(where: string | undefined): SqlDialect {
  if (where && /^postgres(ql)?:\/\//i.test(where)) return 'postgresql';
  if (where && /^mysql:\/\//i.test(where)) return 'mariadb';
  return 'sqlite';
}
