import { gateSpecSql } from '../../sql/gateSpecSql';
import { displayUrl } from '../sql/connectWithKnex';
import { usedParams, type DatabaseReader, type ReaderOptions } from '../sql/databaseReader';
import { DEFAULT_QUERY_BOUNDS } from '../sql/queryBounds';
import { openMysqlSession } from './mysqlSession';
import { runMysqlSpecQuery } from './mysqlSpecQuery';

/** A MariaDB/MySQL database (`options.schema`, else the URL's) read in the engine's sql_mode, each query read-only and bounded (runMysqlSpecQuery). */
export async function openMysqlReader(url: string, options: ReaderOptions = {}): Promise<DatabaseReader> {
  const name = options.schema ?? decodeURIComponent(new URL(url).pathname.slice(1));
  const bounds = options.bounds ?? DEFAULT_QUERY_BOUNDS;
  const session = await openMysqlSession(url, name, { localFiles: false });
  return {
    location: `${displayUrl(url)} (database ${name})`,
    async query(sql, params = {}) {
      const gated = gateSpecSql(sql, 'mariadb', options.tables ?? []);
      // Knex turns `:name` bindings into the driver's `?`.
      const native = session.knex.raw(gated, usedParams(gated, params) as Record<string, never>).toSQL().toNative();
      return runMysqlSpecQuery(session.connection, url, { sql: native.sql, values: native.bindings as unknown[], bounds });
    },
    // The tables were loaded with foreign key checks off, but the target counted violations before it swapped them in, and the server enforces the keys from then on.
    foreignKeyViolations: async () => ({}),
    close: () => session.close(),
  };
}
