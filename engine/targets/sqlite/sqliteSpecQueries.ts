import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import type sqlite3 from 'sqlite3';
import { notOneQuery } from '../sql/notOneQuery';
import { runBounded, type QueryBounds } from '../sql/queryBounds';
import type { QueryValues } from '../target';

/** Where a query's rows are put; a dataset's table cannot have this name (names are letters, digits and `_`), so it never hides one. */
const RESULT = 'main."spec-result"';

/**
 * Spec SQL on a SQLite file (the dataset, attached read-only), judged by SQLite and run where
 * it can be stopped. better-sqlite3 prepares it to tell whether it is one statement that
 * returns rows and writes nothing (a read-only connection alone still lets `VACUUM INTO`
 * write a file). node-sqlite3 runs it on the libuv thread pool, where `interrupt()` stops it
 * at the time limit or a signal, as `INSERT INTO spec-result <query>` into a scratch file;
 * better-sqlite3 then reads the rows back as arrays. Run by better-sqlite3 itself, the query
 * would hold the main thread, and every timer and signal handler with it, until it ended;
 * read through node-sqlite3, each row would be an object (0.3 s of CPU and 170 MB more on the
 * largest dataset measured, docs/performance.md).
 */
export class SqliteSpecQueries {
  private constructor(
    private readonly folder: string,
    /** Judges each query and reads its rows back; the scratch file and the dataset, both read-only. */
    private readonly reader: Database.Database,
    /** Runs each query into the scratch file, the dataset attached read-only. */
    private readonly runner: sqlite3.Database,
  ) {}

  static async open(dataset: string): Promise<SqliteSpecQueries> {
    const folder = mkdtempSync(join(tmpdir(), 'hopify-query-'));
    const scratch = join(folder, 'rows.db');
    const { default: sqlite } = await import('sqlite3');
    let runner: sqlite3.Database | undefined;
    try {
      runner = await new Promise<sqlite3.Database>((resolve, reject) => {
        const db: sqlite3.Database = new sqlite.Database(scratch, sqlite.OPEN_READWRITE | sqlite.OPEN_CREATE | sqlite.OPEN_URI, (err) => (err ? reject(err) : resolve(db)));
      });
      // A query stopped midway is rolled back from the journal in memory; the file is thrown away at the end.
      await call((done) => runner!.exec('PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF', done));
      await call((done) => runner!.run('ATTACH ? AS dataset', [`${pathToFileURL(dataset).href}?mode=ro`], done));
      // Read-only, so the dataset attaches read-only too.
      const reader = new Database(scratch, { readonly: true, fileMustExist: true });
      reader.prepare('ATTACH ? AS dataset').run(dataset);
      return new SqliteSpecQueries(folder, reader, runner);
    } catch (err) {
      runner?.close();
      rmSync(folder, { recursive: true, force: true });
      throw err;
    }
  }

  /** The rows of one read-only query as objects; `params` fill its `:name`, `@name` or `$name` parameters. */
  async query(sql: string, params: Record<string, unknown>, bounds: QueryBounds): Promise<Record<string, unknown>[]> {
    const { columns, rows } = await this.queryValues(sql, params, bounds);
    return Array.from(rows, (row) => Object.fromEntries(columns.map((column, j) => [column, row[j]])));
  }

  /** The same, each row an array in the order of `columns`, read as they are consumed. */
  async queryValues(sql: string, params: Record<string, unknown>, bounds: QueryBounds): Promise<QueryValues> {
    const columns = this.judged(sql, bounds);
    // Untyped columns keep every value as the query made it (a typed one would convert text to numbers).
    const untyped = columns.map((_, j) => `"${j}"`).join(', ');
    await call((done) => this.runner.exec(`DROP TABLE IF EXISTS ${RESULT}; CREATE TABLE ${RESULT} (${untyped})`, done));
    const bound = namedParameters(sql, params);
    await runBounded(bounds, {
      run: () => call((done) => this.runner.run(`INSERT INTO ${RESULT} ${sql}`, bound, done)),
      cancel: () => this.runner.interrupt(),
      stoppedBy: (err) => ((err as { code?: string }).code === 'SQLITE_INTERRUPT' ? 'cancelled' : false),
      cancelAfter: bounds.limits.query_seconds,
    });
    return { columns, rows: this.reader.prepare(`SELECT * FROM ${RESULT}`).raw(true).iterate() as IterableIterator<unknown[]> };
  }

  /** Rows that break a foreign key, as `table: count`, found like the rows of a query (bounded, interruptible). */
  async foreignKeyViolations(bounds: QueryBounds): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    const { rows } = await this.queryValues(`SELECT "table" FROM pragma_foreign_key_check(NULL, 'dataset')`, {}, bounds);
    for (const [table] of rows) counts[String(table)] = (counts[String(table)] ?? 0) + 1;
    return counts;
  }

  async close(): Promise<void> {
    try {
      this.reader.close();
      await call((done) => this.runner.close(done));
    } finally {
      rmSync(this.folder, { recursive: true, force: true });
    }
  }

  /** The query's column names, once SQLite says it is one statement that returns rows and writes nothing. */
  private judged(sql: string, bounds: QueryBounds): string[] {
    let statement: Database.Statement;
    try {
      statement = this.reader.prepare(sql);
    } catch (err) {
      // better-sqlite3 refuses a string of several statements (or none) outright, with a RangeError.
      if ((err as Error).name === 'RangeError') throw notOneQuery(sql, bounds);
      throw err;
    }
    if (!statement.reader || !statement.readonly) throw notOneQuery(sql, bounds);
    return statement.columns().map((column) => column.name);
  }
}

/** A node-sqlite3 call as a promise; its errors read as better-sqlite3's, which every other message shows (no code before the message). */
function call(run: (done: (err: Error | null) => void) => unknown): Promise<void> {
  return new Promise((resolve, reject) =>
    run((err) => {
      if (!err) return resolve();
      const code = (err as { code?: string }).code;
      if (code && err.message.startsWith(`${code}: `)) err.message = err.message.slice(code.length + 2);
      reject(err);
    }),
  );
}

/** node-sqlite3 binds a named parameter by its name as written, prefix and all, and refuses names the SQL does not have. */
function namedParameters(sql: string, params: Record<string, unknown>): Record<string, unknown> {
  const bound: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    for (const prefix of [':', '@', '$']) if (new RegExp(`\\${prefix}${name}\\b`).test(sql)) bound[`${prefix}${name}`] = value;
  }
  return bound;
}
