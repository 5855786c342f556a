import type { Connection } from 'mysql2';
import { notOneQuery } from '../sql/notOneQuery';
import { runBounded, type QueryBounds } from '../sql/queryBounds';
import { killQuery, runOn } from './mysqlSession';

export interface MysqlSpecQuery {
  /** Driver SQL (`?` placeholders), its `{{ macros }}` expanded. */
  sql: string;
  values?: unknown[];
  bounds: QueryBounds;
}

/** ER_STATEMENT_TIMEOUT: MariaDB's max_statement_time. */
const STATEMENT_TIMEOUT = 1969;
/** ER_QUERY_INTERRUPTED: KILL QUERY. */
const QUERY_INTERRUPTED = 1317;
/** ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION */
const READ_ONLY_REFUSAL = 1792;
/** A query may lift the server's own time limit (`SET STATEMENT max_statement_time=0 FOR SELECT …`): this long after it, the engine kills the query itself. */
const KILL_GRACE_SECONDS = 1;

interface PreparedStatement {
  /** The result columns the server announced: none for a statement that returns no rows. */
  columns: unknown[];
  execute(values: unknown[], callback: (err: Error | null, rows: unknown) => void): void;
  close(): void;
}

/**
 * Runs spec SQL so that the server holds it to one read-only query, whatever validation let
 * through. It is prepared (one statement) and run only if the server says it returns rows:
 * `SELECT … INTO OUTFILE`, COMMIT, SET, USE and DDL return none, and a read-only transaction
 * alone would not stop DDL, which commits it first. It runs in a READ ONLY transaction, under
 * the server's statement time limit at `query_seconds`, killed from here when that limit was
 * lifted or a signal arrives.
 */
export async function runMysqlSpecQuery(connection: Connection, url: string, query: MysqlSpecQuery): Promise<Record<string, unknown>[]> {
  const { bounds } = query;
  const seconds = bounds.limits.query_seconds;
  // MySQL has no SET STATEMENT: there the kill from here is the only limit.
  const limited = (await isMariaDb(connection)) ? `SET STATEMENT max_statement_time = ${seconds} FOR ${query.sql}` : query.sql;
  await runOn(connection, 'START TRANSACTION READ ONLY');
  try {
    const statement = await prepare(connection, limited);
    try {
      if (statement.columns.length === 0) throw notOneQuery(query.sql, bounds);
      return await runBounded(bounds, {
        run: () => new Promise((resolve, reject) => statement.execute(query.values ?? [], (err, rows) => (err ? reject(err) : resolve(rows as Record<string, unknown>[])))),
        cancel: () => killQuery(url, connection.threadId),
        stoppedBy: (err) => {
          const errno = (err as { errno?: number }).errno ?? 0;
          return errno === STATEMENT_TIMEOUT ? 'timeout' : errno === QUERY_INTERRUPTED ? 'cancelled' : false;
        },
        cancelAfter: seconds + KILL_GRACE_SECONDS,
      });
    } finally {
      statement.close();
    }
  } catch (err) {
    if ((err as { errno?: number }).errno === READ_ONLY_REFUSAL) throw notOneQuery(query.sql, bounds);
    throw err;
  } finally {
    await runOn(connection, 'ROLLBACK');
  }
}

function prepare(connection: Connection, sql: string): Promise<PreparedStatement> {
  return new Promise((resolve, reject) => connection.prepare(sql, (err, statement) => (err ? reject(err) : resolve(statement as unknown as PreparedStatement))));
}

const flavours = new WeakMap<Connection, boolean>();

/** Whether the server is MariaDB, asked once per connection. */
async function isMariaDb(connection: Connection): Promise<boolean> {
  let mariaDb = flavours.get(connection);
  if (mariaDb === undefined) {
    const [{ version }] = (await runOn(connection, 'SELECT VERSION() AS version')) as { version: string }[];
    mariaDb = /mariadb/i.test(version);
    flavours.set(connection, mariaDb);
  }
  return mariaDb;
}
