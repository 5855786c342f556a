import type pg from 'pg';
import { expandSqlMacros } from '../../sql/sqlMacros';
import { connectWithKnex, displayUrl } from '../sql/connectWithKnex';
import { usedParams, type DatabaseReader } from '../sql/databaseReader';
import { assertReadingStatement } from '../sql/readOnlySql';
import { POSTGRES_MACROS } from './postgresMacros';
import { engineResultTypes } from './postgresResults';

/** A PostgreSQL database read in `schema` (else the server's search_path), each query in a read-only transaction. */
export async function openPostgresReader(url: string, schema?: string): Promise<DatabaseReader> {
  const { types } = await import('pg');
  const resultTypes = engineResultTypes(types);
  const session = await connectWithKnex<pg.Client>('pg', { connectionString: url, connectionTimeoutMillis: 10_000 }, url);
  const client = session.connection;
  return {
    location: `${displayUrl(url)}${schema ? ` (schema ${schema})` : ''}`,
    async query(sql, params = {}) {
      assertReadingStatement(sql);
      // Knex turns `:name` bindings into the driver's `$1`.
      const native = session.knex.raw(expandSqlMacros(sql, POSTGRES_MACROS), usedParams(sql, params) as Record<string, never>).toSQL().toNative();
      await client.query('BEGIN READ ONLY');
      try {
        if (schema) await client.query(`SET LOCAL search_path TO "${schema.replace(/"/g, '""')}"`);
        const result = await client.query({ text: native.sql, values: native.bindings as unknown[], types: resultTypes });
        return result.rows as Record<string, unknown>[];
      } finally {
        await client.query('ROLLBACK');
      }
    },
    // The server enforces the foreign keys the tables were created with: nothing can violate them.
    foreignKeyViolations: async () => ({}),
    close: () => session.close(),
  };
}
