import { userError } from '../../errors/problem';
import { gateSpecSql } from '../../sql/gateSpecSql';
import { displayUrl } from '../sql/connectWithKnex';
import { usedParams, type DatabaseReader, type ReaderOptions } from '../sql/databaseReader';
import { DEFAULT_QUERY_BOUNDS } from '../sql/queryBounds';
import { quoteName } from './insertStatements';
import { missingDatabase } from './mysqlDatabases';
import { openMysqlSession, runOn } from './mysqlSession';
import { runMysqlSpecQuery } from './mysqlSpecQuery';

/** A MariaDB/MySQL database (`options.schema`, else the URL's) read in the engine's sql_mode, each query read-only and bounded (runMysqlSpecQuery). */
export async function openMysqlReader(url: string, options: ReaderOptions = {}): Promise<DatabaseReader> {
  const name = options.schema ?? decodeURIComponent(new URL(url).pathname.slice(1));
  if (!name) throw userError('TARGET_UNREACHABLE', `no database named in ${displayUrl(url)}`, { hint: 'add it to the URL (mysql://user@host:3306/database) or pass --schema' });
  const bounds = options.bounds ?? DEFAULT_QUERY_BOUNDS;
  // Connected to no database first: naming a missing one would fail with the server's bare "Unknown database".
  const session = await openMysqlSession(url, undefined, { localFiles: false });
  const run = (sql: string) => runOn(session.connection, sql);
  try {
    const missing = await missingDatabase(run, name, url, 'fix the name (--schema, or the URL\'s database): it is the database the run wrote');
    if (missing) throw missing;
    await run(`USE ${quoteName(name)}`);
  } catch (err) {
    await session.close();
    throw err;
  }
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
