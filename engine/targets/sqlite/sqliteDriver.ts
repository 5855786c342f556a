import type { Knex } from 'knex';

export type SqliteClient = 'better-sqlite3' | 'sqlite3';

/** The raw driver under Knex's connection: the bulk path reaches its prepared statements. */
export interface SqliteDriver {
  exec(sql: string): Promise<void>;
  /** A prepared statement bound to a flat array of values; sync for better-sqlite3. */
  prepare(sql: string): (values: unknown[]) => void | Promise<void>;
  /** The rows of a statement the engine wrote (spec SQL runs elsewhere: SqliteSpecQueries). */
  all(sql: string): Promise<Record<string, unknown>[]>;
  release(): Promise<void>;
}

export async function openSqliteDriver(knex: Knex, client: SqliteClient): Promise<SqliteDriver> {
  const connection = await knex.client.acquireConnection();
  const release = () => knex.client.releaseConnection(connection);
  return client === 'better-sqlite3' ? betterSqliteDriver(connection, release) : sqlite3Driver(connection, release);
}

// better-sqlite3: synchronous.
function betterSqliteDriver(db: import('better-sqlite3').Database, release: () => Promise<void>): SqliteDriver {
  return {
    exec: async (sql) => void db.exec(sql),
    prepare: (sql) => {
      const statement = db.prepare(sql);
      return (values) => void statement.run(values);
    },
    all: async (sql) => db.prepare(sql).all() as Record<string, unknown>[],
    release,
  };
}

// node-sqlite3: callback based.
function sqlite3Driver(db: import('sqlite3').Database, release: () => Promise<void>): SqliteDriver {
  const call = <T>(fn: (done: (err: Error | null, result?: T) => void) => void) =>
    new Promise<T>((resolve, reject) => fn((err, result) => (err ? reject(err) : resolve(result as T))));
  return {
    exec: (sql) => call<void>((done) => db.exec(sql, done)),
    prepare: (sql) => {
      const statement = db.prepare(sql);
      return (values) => call<void>((done) => statement.run(values, (err: Error | null) => done(err)));
    },
    all: (sql) => call<Record<string, unknown>[]>((done) => db.all(sql, done)),
    release,
  };
}
