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
}

/**
 * Runs spec SQL so that the server holds it to one read-only query, whatever validation let
 * through. It is one statement (multi-statements are off), run only if the server, preparing
 * it, says it returns rows: `SELECT … INTO OUTFILE`, COMMIT, SET, USE and DDL return none, and
 * a read-only transaction alone would not stop DDL, which commits it first. It runs in a READ
 * ONLY transaction, under the server's statement time limit at `query_seconds`, killed from
 * here when that limit was lifted or a signal arrives.
 */
export async function runMysqlSpecQuery(connection: Connection, url: string, query: MysqlSpecQuery): Promise<Record<string, unknown>[]> {
  const { bounds } = query;
  const seconds = bounds.limits.query_seconds;
  // MySQL has no SET STATEMENT: there the kill from here is the only limit.
  const limited = (await isMariaDb(connection)) ? `SET STATEMENT max_statement_time = ${seconds} FOR ${query.sql}` : query.sql;
  await runOn(connection, 'START TRANSACTION READ ONLY');
  let rows: Record<string, unknown>[];
  try {
    if (!(await returnsRows(connection, limited))) throw notOneQuery(query.sql, bounds);
    rows = await runBounded(bounds, {
      run: () => runOn(connection, limited, query.values),
      cancel: () => killQuery(url, connection.threadId),
      stoppedBy: (err) => {
        const errno = (err as { errno?: number }).errno ?? 0;
        return errno === STATEMENT_TIMEOUT ? 'timeout' : errno === QUERY_INTERRUPTED ? 'cancelled' : false;
      },
      cancelAfter: seconds + KILL_GRACE_SECONDS,
    });
  } catch (err) {
    // The query's failure is the one to report, whatever ending its transaction says (a late kill may hit that too).
    await runOn(connection, 'ROLLBACK').catch(() => undefined);
    if ((err as { errno?: number }).errno === READ_ONLY_REFUSAL) throw notOneQuery(query.sql, bounds);
    throw err;
  }
  await runOn(connection, 'ROLLBACK');
  return rows;
}

/**
 * Whether the server announces result columns for the statement, learnt by preparing it (and
 * closing it unrun). It then runs as text, as it always has: through the binary protocol,
 * doubles arrive as the server holds them, not as it prints them, and sums rounded to cents
 * came out a cent apart in a few rows of the largest dataset measured.
 */
function returnsRows(connection: Connection, sql: string): Promise<boolean> {
  return new Promise((resolve, reject) =>
    connection.prepare(sql, (err, statement) => {
      if (err) return reject(err);
      const announced = (statement as unknown as PreparedStatement).columns.length > 0;
      statement.close();
      resolve(announced);
    }),
  );
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
