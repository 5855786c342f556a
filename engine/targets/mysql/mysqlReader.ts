import { expandSqlMacros } from '../../sql/sqlMacros';
import { displayUrl } from '../sql/connectWithKnex';
import { usedParams, type DatabaseReader } from '../sql/databaseReader';
import { assertReadingStatement } from '../sql/readOnlySql';
import { MYSQL_MACROS } from './mysqlMacros';
import { openMysqlSession, runOn } from './mysqlSession';

/** A MariaDB/MySQL database (`database`, else the URL's) read in the engine's sql_mode, each query in a read-only transaction. */
export async function openMysqlReader(url: string, database?: string): Promise<DatabaseReader> {
  const name = database ?? decodeURIComponent(new URL(url).pathname.slice(1));
  const session = await openMysqlSession(url, name);
  const connection = session.connection;
  return {
    location: `${displayUrl(url)} (database ${name})`,
    async query(sql, params = {}) {
      assertReadingStatement(sql);
      // Knex turns `:name` bindings into the driver's `?`.
      const native = session.knex.raw(expandSqlMacros(sql, MYSQL_MACROS), usedParams(sql, params) as Record<string, never>).toSQL().toNative();
      await runOn(connection, 'START TRANSACTION READ ONLY');
      try {
        return (await runOn(connection, native.sql, native.bindings as unknown[])) as Record<string, unknown>[];
      } finally {
        await runOn(connection, 'ROLLBACK');
      }
    },
    // The tables were loaded with foreign key checks off, but the target counted violations before it swapped them in, and the server enforces the keys from then on.
    foreignKeyViolations: async () => ({}),
    close: () => session.close(),
  };
}
