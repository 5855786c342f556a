import type { Knex } from 'knex';
import { userError } from '../../errors/problem';
import { valuesOf } from '../queryValues';
import type { QueryValues } from '../target';

export type SqliteClient = 'better-sqlite3' | 'sqlite3';

/** The raw driver under Knex's connection: the bulk path reaches its prepared statements. */
export interface SqliteDriver {
  exec(sql: string): Promise<void>;
  /** A prepared statement bound to a flat array of values; sync for better-sqlite3. */
  prepare(sql: string): (values: unknown[]) => void | Promise<void>;
  /** Runs a statement SQLite itself reports as read-only; anything that writes is refused. */
  readOnlyQuery(sql: string): Promise<Record<string, unknown>[]>;
  /** The same, each row an array in the order of the columns; the rows are read once, before the next statement. */
  readOnlyQueryValues(sql: string): Promise<QueryValues>;
  release(): Promise<void>;
}

export async function openSqliteDriver(knex: Knex, client: SqliteClient): Promise<SqliteDriver> {
  const connection = await knex.client.acquireConnection();
  const release = () => knex.client.releaseConnection(connection);
  return client === 'better-sqlite3' ? betterSqliteDriver(connection, release) : sqlite3Driver(connection, release);
}

function refuseWrite(sql: string): never {
  throw userError('SPEC_BAD_OPTION', `query is not read-only: ${sql.slice(0, 80)}`, { hint: 'context queries, checks and KPIs may only SELECT' });
}

// better-sqlite3: synchronous, and `statement.readonly` tells whether SQL writes.
function betterSqliteDriver(db: import('better-sqlite3').Database, release: () => Promise<void>): SqliteDriver {
  return {
    exec: async (sql) => void db.exec(sql),
    prepare: (sql) => {
      const statement = db.prepare(sql);
      return (values) => void statement.run(values);
    },
    readOnlyQuery: async (sql) => {
      const statement = db.prepare(sql);
      if (!statement.readonly) refuseWrite(sql);
      return statement.all() as Record<string, unknown>[];
    },
    readOnlyQueryValues: async (sql) => {
      const statement = db.prepare(sql);
      if (!statement.readonly) refuseWrite(sql);
      // Streamed: each row can be garbage as soon as it is read.
      return { columns: statement.columns().map((c) => c.name), rows: statement.raw(true).iterate() as IterableIterator<unknown[]> };
    },
    release,
  };
}

// node-sqlite3: callback based, and without a `readonly` flag: the EXPLAIN plan is checked for write opcodes.
function sqlite3Driver(db: import('sqlite3').Database, release: () => Promise<void>): SqliteDriver {
  const call = <T>(fn: (done: (err: Error | null, result?: T) => void) => void) =>
    new Promise<T>((resolve, reject) => fn((err, result) => (err ? reject(err) : resolve(result as T))));
  const readOnlyQuery = async (sql: string) => {
    const plan = await call<{ opcode: string }[]>((done) => db.all(`EXPLAIN ${sql}`, done));
    if (plan.some((step) => /^(OpenWrite|Insert|Delete|Destroy|Clear|CreateBtree|SetCookie|VUpdate)$/.test(step.opcode))) refuseWrite(sql);
    return call<Record<string, unknown>[]>((done) => db.all(sql, done));
  };
  return {
    exec: (sql) => call<void>((done) => db.exec(sql, done)),
    prepare: (sql) => {
      const statement = db.prepare(sql);
      return (values) => call<void>((done) => statement.run(values, (err: Error | null) => done(err)));
    },
    readOnlyQuery,
    // node-sqlite3 returns objects only.
    readOnlyQueryValues: async (sql) => valuesOf(await readOnlyQuery(sql)),
    release,
  };
}
