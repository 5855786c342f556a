import type pg from 'pg';
import { gateSpecSql } from '../../sql/gateSpecSql';
import { connectWithKnex, displayUrl } from '../sql/connectWithKnex';
import { usedParams, type DatabaseReader, type ReaderOptions } from '../sql/databaseReader';
import { DEFAULT_QUERY_BOUNDS } from '../sql/queryBounds';
import { engineResultTypes } from './postgresResults';
import { missingSchema } from './postgresSchemas';
import { OWN_TRANSACTION, runPostgresSpecQuery } from './postgresSpecQuery';

/** The schema the target writes when none is named, and so the one a reader reads. */
const DEFAULT_SCHEMA = 'public';

/** A PostgreSQL database read in `schema` (else `public`), each query read-only, bounded and alone in its schema (runPostgresSpecQuery). */
export async function openPostgresReader(url: string, options: ReaderOptions = {}): Promise<DatabaseReader> {
  const { types } = await import('pg');
  const resultTypes = engineResultTypes(types);
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const bounds = options.bounds ?? DEFAULT_QUERY_BOUNDS;
  const session = await connectWithKnex<pg.Client>('pg', { connectionString: url, connectionTimeoutMillis: 10_000 }, url);
  const missing = await missingSchema(session.connection, schema, url, 'fix the name (--schema): it is the schema the run wrote');
  if (missing) {
    await session.close();
    throw missing;
  }
  return {
    location: `${displayUrl(url)}${options.schema ? ` (schema ${schema})` : ''}`,
    async query(sql, params = {}) {
      const gated = gateSpecSql(sql, 'postgresql', options.tables ?? []);
      // Knex turns `:name` bindings into the driver's `$1`.
      const native = session.knex.raw(gated, usedParams(gated, params) as Record<string, never>).toSQL().toNative();
      return runPostgresSpecQuery(session.connection, url, { text: native.sql, values: native.bindings as unknown[], types: resultTypes, scope: OWN_TRANSACTION, schemas: [schema], bounds });
    },
    // The server enforces the foreign keys the tables were created with: nothing can violate them.
    foreignKeyViolations: async () => ({}),
    close: () => session.close(),
  };
}
