import Database from 'better-sqlite3';
import type sqlite3 from 'sqlite3';
import { notOneQuery } from '../sql/notOneQuery';
import { runBounded, type QueryBounds } from '../sql/queryBounds';
import type { QueryValues } from '../target';

/**
 * Spec SQL on a SQLite file, judged by SQLite and run where it can be stopped. better-sqlite3
 * prepares it to tell whether it is one statement that returns rows and writes nothing (a
 * read-only connection alone still lets `VACUUM INTO` write a file); node-sqlite3, on a
 * read-only connection, runs it on the libuv thread pool, where `interrupt()` stops it at the
 * time limit or a signal. Run by better-sqlite3, it would hold the main thread, and with it
 * every timer and signal handler, until it ended.
 */
export class SqliteSpecQueries {
  private constructor(
    private readonly judge: Database.Database,
    private readonly runner: sqlite3.Database,
  ) {}

  /** Opens the file read-only twice: to judge and to run. */
  static async open(path: string): Promise<SqliteSpecQueries> {
    const { default: sqlite } = await import('sqlite3');
    const runner = await new Promise<sqlite3.Database>((resolve, reject) => {
      const db: sqlite3.Database = new sqlite.Database(path, sqlite.OPEN_READONLY, (err) => (err ? reject(err) : resolve(db)));
    });
    return new SqliteSpecQueries(new Database(path, { readonly: true, fileMustExist: true }), runner);
  }

  /** The rows of one read-only query; `params` fill its `:name`, `@name` or `$name` parameters. */
  query(sql: string, params: Record<string, unknown>, bounds: QueryBounds): Promise<Record<string, unknown>[]> {
    this.judgeQuery(sql, bounds);
    const bound = namedParameters(sql, params);
    return this.bounded(bounds, () => new Promise((resolve, reject) => this.runner.all(sql, bound, (err, rows) => (err ? reject(asBetterSqliteError(err)) : resolve(rows as Record<string, unknown>[])))));
  }

  /** The same, each row an array in the order of `columns`: rows arrive one by one, so no array of every row object is held at once. */
  queryValues(sql: string, bounds: QueryBounds): Promise<QueryValues> {
    this.judgeQuery(sql, bounds);
    const result: QueryValues & { rows: unknown[][] } = { columns: [], rows: [] };
    const collect = (row: Record<string, unknown>) => {
      if (result.rows.length === 0) result.columns = Object.keys(row);
      result.rows.push(result.columns.map((column) => row[column]));
    };
    // node-sqlite3 hands a failure while rows are read to the row callback, and then ends without one.
    let failure: Error | null = null;
    const onRow = (err: Error | null, row: unknown) => (err ? (failure ??= err) : collect(row as Record<string, unknown>));
    return this.bounded(bounds, () => new Promise((resolve, reject) => this.runner.each(sql, onRow, (err) => (err || failure ? reject(asBetterSqliteError((err ?? failure)!)) : resolve(result)))));
  }

  /** Refuses what SQLite says is not one statement that returns rows and writes nothing. */
  private judgeQuery(sql: string, bounds: QueryBounds): void {
    let statement: Database.Statement;
    try {
      statement = this.judge.prepare(sql);
    } catch (err) {
      // better-sqlite3 refuses a string of several statements outright.
      if (err instanceof RangeError) throw notOneQuery(sql, bounds);
      throw err;
    }
    if (!statement.reader || !statement.readonly) throw notOneQuery(sql, bounds);
  }

  private bounded<T>(bounds: QueryBounds, run: () => Promise<T>): Promise<T> {
    return runBounded(bounds, {
      run,
      cancel: () => this.runner.interrupt(),
      stoppedBy: (err) => ((err as { code?: string }).code === 'SQLITE_INTERRUPT' ? 'cancelled' : false),
      cancelAfter: bounds.limits.query_seconds,
    });
  }

  async close(): Promise<void> {
    this.judge.close();
    await new Promise<void>((resolve, reject) => this.runner.close((err) => (err ? reject(err) : resolve())));
  }
}

/** node-sqlite3's errors read as better-sqlite3's, which every other message of the engine shows: without the code before the message. */
function asBetterSqliteError(err: Error): Error {
  const code = (err as { code?: string }).code;
  if (code && err.message.startsWith(`${code}: `)) err.message = err.message.slice(code.length + 2);
  return err;
}

/** node-sqlite3 binds a named parameter by its name as written, prefix and all, and refuses names the SQL does not have. */
function namedParameters(sql: string, params: Record<string, unknown>): Record<string, unknown> {
  const bound: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    for (const prefix of [':', '@', '$']) if (new RegExp(`\\${prefix}${name}\\b`).test(sql)) bound[`${prefix}${name}`] = value;
  }
  return bound;
}
