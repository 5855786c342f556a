import type pg from 'pg';
import { notOneQuery } from '../sql/notOneQuery';
import { runBounded, type QueryBounds } from '../sql/queryBounds';

/** The statements that open and close the read-only transaction a spec query runs in. */
export interface PostgresQueryScope {
  begin: string;
  /** Ends it, undoing whatever the query set. */
  end: string;
}

/** A session of its own (check, report): one read-only transaction per query. */
export const OWN_TRANSACTION: PostgresQueryScope = { begin: 'BEGIN READ ONLY', end: 'ROLLBACK' };

/** Inside the run's loading transaction, which sees the staged rows: a read-only subtransaction, rolled back after the query. */
export const LOADING_SUBTRANSACTION: PostgresQueryScope = {
  begin: 'SAVEPOINT engine_query; SET TRANSACTION READ ONLY',
  end: 'ROLLBACK TO SAVEPOINT engine_query; RELEASE SAVEPOINT engine_query',
};

export interface PostgresSpecQuery {
  /** Driver SQL (`$1` placeholders), its `{{ macros }}` expanded. */
  text: string;
  values?: unknown[];
  types: pg.CustomTypesConfig;
  scope: PostgresQueryScope;
  /** The only schemas unqualified names are looked up in: the dataset's. */
  schemas: string[];
  bounds: QueryBounds;
}

const QUERY_CANCELED = '57014';
const READ_ONLY_TRANSACTION = '25006';
const SYNTAX_ERROR = '42601';

/**
 * Runs spec SQL so that the server itself holds it to one read-only query, whatever
 * validation let through: the SQL becomes a common table expression (PostgreSQL's grammar
 * admits no COMMIT, COPY, SET, DDL or SELECT … INTO there), sent through the extended
 * protocol (one statement), in a READ ONLY transaction with `statement_timeout` at the `query_seconds`
 * limit, no parallel workers, and `search_path` pinned to the dataset's schema. A signal cancels it on the server.
 */
export async function runPostgresSpecQuery(client: pg.Client, url: string, query: PostgresSpecQuery): Promise<Record<string, unknown>[]> {
  const { bounds } = query;
  const milliseconds = Math.max(1, Math.round(bounds.limits.query_seconds * 1000));
  // One backend per query: parallel workers add up floating-point sums in an order that changes from run to run.
  await client.query(
    `${query.scope.begin}; SET LOCAL statement_timeout = ${milliseconds}; SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL search_path TO ${query.schemas.map(quoteName).join(', ')}`,
  );
  let result: pg.QueryResult;
  try {
    const config = { text: WRAPPER_START + withoutTrailingSemicolons(query.text) + WRAPPER_END, values: query.values, types: query.types, queryMode: 'extended' } as pg.QueryConfig;
    const pid = (client as unknown as { processID: number }).processID;
    result = await runBounded(bounds, {
      run: () => client.query(config),
      cancel: () => cancelBackend(url, pid),
      stoppedBy: postgresStoppedBy,
    });
  } catch (err) {
    // The query's failure is the one to report, whatever ending its transaction says (a late cancel may hit that too).
    await client.query(query.scope.end).catch(() => undefined);
    const code = (err as { code?: string }).code;
    if (code === READ_ONLY_TRANSACTION) throw notOneQuery(query.text, bounds);
    if (code === SYNTAX_ERROR && notAQueryWhereParsingStopped(err, withoutTrailingSemicolons(query.text))) throw notOneQuery(query.text, bounds);
    throw err;
  }
  await client.query(query.scope.end);
  return result.rows as Record<string, unknown>[];
}

/** Around the spec SQL: its columns, their names and its rows' order stay the query's own. */
const WRAPPER_START = 'WITH spec_query AS (\n';
const WRAPPER_END = '\n) SELECT * FROM spec_query';

/** A statement that is no query (COMMIT, COPY, SET, DDL) stops the parser at its first word, a second statement at the `;`. */
function notAQueryWhereParsingStopped(err: unknown, body: string): boolean {
  const offset = Number((err as { position?: string }).position) - 1 - WRAPPER_START.length;
  return offset === firstWordAt(body) || body[offset] === ';';
}

/** Where the first word starts, after spaces and comments. */
function firstWordAt(sql: string): number {
  const after = (end: number, length: number) => (end < 0 ? sql.length : end + length);
  let at = 0;
  for (;;) {
    if (/\s/.test(sql[at] ?? '')) at++;
    else if (sql.startsWith('--', at)) at = after(sql.indexOf('\n', at), 1);
    else if (sql.startsWith('/*', at)) at = after(sql.indexOf('*/', at), 2);
    else return at;
  }
}

/** Trailing semicolons and spaces dropped, scanning back from the end (a regex would backtrack on long runs of spaces). */
function withoutTrailingSemicolons(sql: string): string {
  let end = sql.length;
  while (end > 0 && (sql[end - 1] === ';' || /\s/.test(sql[end - 1]))) end--;
  return sql.slice(0, end);
}

/** Why PostgreSQL stopped a query: its statement_timeout, a cancel, or neither (the query failed of itself). */
export function postgresStoppedBy(err: unknown): 'timeout' | 'cancelled' | false {
  if ((err as { code?: string }).code !== QUERY_CANCELED) return false;
  return /statement timeout/.test((err as Error).message) ? 'timeout' : 'cancelled';
}

/** Cancels whatever the backend runs, from a connection of its own (the same user may cancel its own backends). */
export async function cancelBackend(url: string, pid: number): Promise<void> {
  const { Client } = await import('pg');
  const canceller = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await canceller.connect();
    await canceller.query('SELECT pg_cancel_backend($1)', [pid]);
  } finally {
    await canceller.end().catch(() => undefined);
  }
}

function quoteName(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
