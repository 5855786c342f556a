import type { Knex } from 'knex';
import type { Connection } from 'mysql2';
import { connectWithKnex, type ServerSession } from '../sql/connectWithKnex';

/**
 * Strict, so a value that does not fit fails instead of being truncated; ANSI_QUOTES and
 * PIPES_AS_CONCAT so spec SQL quotes names with "…" and joins text with || as the other
 * dialects do; no NO_BACKSLASH_ESCAPES, which the INSERT literals assume.
 */
export const SQL_MODE = 'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION,ANSI_QUOTES,PIPES_AS_CONCAT';

/**
 * A session on the URL's server (database `database`, or the URL's), in the engine's sql_mode.
 * Only the loading session offers the server local files (`LOAD DATA LOCAL INFILE`): sessions
 * that run spec SQL are opened with `localFiles: false`.
 */
export async function openMysqlSession(url: string, database?: string, options: { localFiles: boolean } = { localFiles: true }): Promise<ServerSession<Connection>> {
  const session = await connectWithKnex<Connection>(
    'mysql2',
    {
      ...serverOf(url),
      ...(database ? { database } : {}),
      ...(options.localFiles ? {} : { flags: ['-LOCAL_FILES'] }),
      charset: 'utf8mb4',
      connectTimeout: 10_000,
      // Query results in the engine's terms, as SQLite gives them: numbers, dates as text.
      dateStrings: true,
      decimalNumbers: true,
      supportBigNumbers: true,
    } as Knex.MySql2ConnectionConfig,
    url,
  );
  // Decimal division keeps 30 digits instead of 4, so quotients agree with the other dialects' doubles.
  await runOn(session.connection, `SET SESSION sql_mode = '${SQL_MODE}', div_precision_increment = 30`);
  return session;
}

/** Where the URL's server is and who connects. */
function serverOf(url: string): { host: string; port: number; user: string; password: string } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || 3306), user: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) };
}

/** Stops the statement a session runs, from a connection of its own (a user may kill its own sessions' queries). */
export async function killQuery(url: string, threadId: number): Promise<void> {
  const { createConnection } = await import('mysql2');
  const killer = createConnection({ ...serverOf(url), connectTimeout: 5_000 });
  try {
    await runOn(killer, `KILL QUERY ${Number(threadId)}`);
  } finally {
    killer.destroy();
  }
}

/** One statement on a raw connection; `values` fill its `?` placeholders. */
export function runOn(connection: Connection, sql: string, values?: unknown[]): Promise<any> {
  return new Promise((resolve, reject) => connection.query(sql, values, (err, rows) => (err ? reject(err) : resolve(rows))));
}
