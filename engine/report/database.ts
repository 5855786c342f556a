import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import knexFactory from 'knex';
import { userError } from '../errors/problem';

/** Read-only access to a generated database, for checks and reports. */
export interface DatabaseReader {
  readonly location: string;
  /** Rows of a read-only query; `:as_of` and other named parameters are bound from `params`. */
  query(sql: string, params?: Record<string, unknown>): Promise<Record<string, unknown>[]>;
  /** Rows that break a foreign key, as `table: count`, where the database can tell. */
  foreignKeyViolations(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/** Opens a SQLite file read-only, or a PostgreSQL/MySQL URL through Knex. */
export async function openDatabase(where: string): Promise<DatabaseReader> {
  if (/^(postgres|postgresql|mysql):\/\//i.test(where)) return openServer(where);
  const path = resolve(where.replace(/^file:/i, ''));
  if (!existsSync(path)) {
    throw userError('TARGET_UNREACHABLE', `database ${path} does not exist`, { hint: 'generate it first: hopify-engine run <spec> (or name it with --db)' });
  }
  const db = new Database(path, { readonly: true, fileMustExist: true });
  return {
    location: path,
    query: async (sql, params = {}) => {
      const statement = db.prepare(sql);
      const used = Object.fromEntries(Object.entries(params).filter(([name]) => new RegExp(`[:@$]${name}\\b`).test(sql)));
      return statement.all(used) as Record<string, unknown>[];
    },
    foreignKeyViolations: async () => {
      const counts: Record<string, number> = {};
      for (const row of db.prepare('PRAGMA foreign_key_check').all() as { table: string }[]) counts[row.table] = (counts[row.table] ?? 0) + 1;
      return counts;
    },
    close: async () => void db.close(),
  };
}

async function openServer(url: string): Promise<DatabaseReader> {
  const client = /^mysql/i.test(url) ? 'mysql2' : 'pg';
  const knex = knexFactory({ client, connection: url, pool: { min: 0, max: 1 } });
  try {
    await knex.raw('SELECT 1');
  } catch (err) {
    await knex.destroy();
    throw userError('TARGET_UNREACHABLE', `cannot connect to ${url.replace(/\/\/[^@/]*@/, '//…@')}: ${(err as Error).message}`, { hint: 'check the URL, and that the server runs' });
  }
  return {
    location: url,
    query: async (sql, params = {}) => {
      const trx = await knex.transaction({ readOnly: true });
      try {
        const result = await trx.raw(sql, params as Record<string, never>);
        return (client === 'pg' ? result.rows : result[0]) as Record<string, unknown>[];
      } finally {
        await trx.rollback();
      }
    },
    // Servers enforce the foreign keys they were created with: nothing can violate them.
    foreignKeyViolations: async () => ({}),
    close: () => knex.destroy(),
  };
}
