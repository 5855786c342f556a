import { existsSync, lstatSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { knexFactory, type Knex } from '../sql/lazyKnex';
import type { ColumnType } from '../../contract';
import { sqlTypeName } from '../../compile/columnTypes';
import { UserError, userError } from '../../errors/problem';
import { makeFolder } from '../makeFolder';
import { removeSqliteLeftovers } from '../ownership/leftovers';
import { refuseIfNotOurs } from '../ownership/notOurs';
import { ENGINE_APPLICATION_ID } from '../ownership/sqliteMark';
import { THIS_WRITER } from '../ownership/writer';
import { brokenForeignKey } from '../sql/brokenForeignKey';
import { createIndexesWithKnex, createTableWithKnex } from '../sql/createTableWithKnex';
import { DEFAULT_QUERY_BOUNDS, type QueryBounds } from '../sql/queryBounds';
import { gateSpecSql } from '../../sql/gateSpecSql';
import type { ColumnDef, QueryValues, TableDef, Target } from '../target';
import { openSqliteDriver, type SqliteClient, type SqliteDriver } from './sqliteDriver';
import { uncertainKeyViolation } from './sqliteKeyCheck';
import { sqliteReadBack } from './sqliteReadBack';
import { SqliteSpecQueries } from './sqliteSpecQueries';

const SQLITE_TYPES: Record<ColumnType, string> = {
  integer: 'INTEGER',
  real: 'REAL',
  // DECIMAL(p,s) as declared: NUMERIC affinity keeps each value as the INTEGER or REAL it reads back as.
  decimal: 'NUMERIC',
  text: 'TEXT',
  boolean: 'INTEGER',
  date: 'TEXT',
  datetime: 'TEXT',
};

/**
 * The writer's pages: 16 KiB pages (set before the first table) and a page cache of at most
 * 64 MiB instead of 2 MiB. Index builds sort in the cache and the final foreign key check
 * looks keys up in it instead of reading the same pages from the file again (docs/performance.md).
 */
const WRITER_PAGES = 'PRAGMA page_size = 16384; PRAGMA cache_size = -65536';

/** SQLite allows 32,766 bound values per statement; 500 rows per INSERT measured fastest. */
const MAX_VARIABLES = 32_766;
const ROWS_PER_INSERT = 500;

/**
 * A SQLite file. Rows go to a temporary file beside the output, through the
 * driver's prepared multi-row INSERTs in one transaction; `commit` renames it
 * over the output, so a failed run never replaces a good database. Every file it
 * writes carries the engine's application_id; an existing output without it is
 * refused unless `force`. The temporary file's user_version names its machine, so a
 * later run can remove it once its process is gone.
 */
export class SqliteTarget implements Target {
  readonly capabilities = { sql: true, foreignKeys: true };
  readonly location: string;
  private readonly tempPath: string;
  private knex: Knex | undefined;
  private driver: SqliteDriver | undefined;
  /** Where spec SQL runs, opened at the first query. */
  private specQueries: SqliteSpecQueries | undefined;
  private readonly inserts = new Map<string, { full: (values: unknown[]) => unknown; rowsPerInsert: number }>();
  /** Tables with a foreign key the engine cannot vouch for (see ColumnDef.references): checked before the rename. */
  private readonly keysToCheck: TableDef[] = [];
  /** The tables created so far: the only ones spec SQL may read. */
  private readonly created: string[] = [];
  /** Set once the temporary file is this run's: only then may abort remove it. */
  private tempIsOurs = false;

  constructor(
    path: string,
    private readonly client: SqliteClient = 'better-sqlite3',
    private readonly force = false,
  ) {
    this.location = resolve(path);
    this.tempPath = `${this.location}.tmp-${process.pid}`;
  }

  async open(): Promise<void> {
    try {
      removeSqliteLeftovers(this.location);
      refuseIfNotOurs(this.location, 'sqlite', this.force);
      // An earlier process with this id may have left this name: replaced only if the engine wrote it.
      if (existsSync(this.tempPath)) refuseIfNotOurs(this.tempPath, 'sqlite');
      this.tempIsOurs = true;
      makeFolder(dirname(this.location));
      rmSync(this.tempPath, { force: true });
    } catch (err) {
      if (err instanceof UserError) throw err;
      // The system's message names the temporary file (with this process's id): its reason and code say enough.
      const { code, message } = err as NodeJS.ErrnoException;
      const reason = `${message.replace(/^[A-Z]+: |, \w+ '.*'$/g, '')}${code ? ` (${code})` : ''}`;
      throw userError('TARGET_WRITE_FAILED', `cannot write to ${dirname(this.location)}: ${reason}`, { hint: 'choose an output folder you can write to (--out)' });
    }
    this.knex = knexFactory({
      client: this.client,
      connection: { filename: this.tempPath },
      useNullAsDefault: true,
      pool: { min: 1, max: 1 },
      // A file that cannot be opened is reported as a user error: Knex's own warning would print a stack trace.
      log: { warn: (message: string) => void (message.startsWith('Acquire connection error') || console.warn(message)) },
    });
    this.driver = await openSqliteDriver(this.knex, this.client).catch((err) => {
      throw this.refusal(err);
    });
    // The temp file is thrown away on failure, so durability is not needed until the rename.
    // Foreign keys are checked once, before the rename (commit), in the tables whose keys are not
    // certain by construction: per inserted row they cost more than the final check
    // (docs/performance.md) and guarantee nothing more.
    // The marks are written first, outside the transaction: a killed run's file is recognised from its first page on.
    const marks = `PRAGMA application_id = ${ENGINE_APPLICATION_ID}; PRAGMA user_version = ${THIS_WRITER.host}`;
    await this.driver.exec(`PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF; ${WRITER_PAGES}; ${marks}; BEGIN`).catch((err) => {
      throw this.refusal(err);
    });
  }

  async createTable(table: TableDef): Promise<void> {
    if (table.columns.some((c) => c.references && !c.references.certain) || table.foreignKeys?.length) this.keysToCheck.push(table);
    this.created.push(table.name);
    await this.driver!.exec(createTableWithKnex(this.knex!, table, declaredType).toString()).catch((err) => {
      throw this.refusal(err);
    });
  }

  readBack(column: ColumnDef): (value: unknown) => unknown {
    return sqliteReadBack(column, declaredType(column));
  }

  writeRows(table: TableDef, values: unknown[], rowCount: number): void | Promise<void> {
    try {
      return this.insertRows(table, values, rowCount)?.catch((err) => {
        throw this.refusal(err, table);
      });
    } catch (err) {
      throw this.refusal(err, table);
    }
  }

  private insertRows(table: TableDef, values: unknown[], rowCount: number): Promise<void> | undefined {
    const width = table.columns.length;
    const insert = this.insertFor(table);
    const step = insert.rowsPerInsert * width;
    let offset = 0;
    // Every statement's promise is awaited: on a full disk all of them fail, and one left unawaited would crash the process.
    const pending: Promise<unknown>[] = [];
    const fullRows = rowCount - (rowCount % insert.rowsPerInsert);
    for (; offset < fullRows * width; offset += step) {
      const result = insert.full(values.slice(offset, offset + step));
      if (result instanceof Promise) pending.push(result);
    }
    const rest = rowCount - fullRows;
    if (rest > 0) {
      const tail = this.driver!.prepare(insertSql(table, rest));
      const result = tail(values.slice(offset, offset + rest * width));
      if (result instanceof Promise) pending.push(result);
    }
    return pending.length ? Promise.all(pending).then(() => undefined) : undefined;
  }

  async endTable(table: TableDef): Promise<void> {
    try {
      for (const statement of createIndexesWithKnex(this.knex!, table)) await this.driver!.exec(statement.toString());
    } catch (err) {
      throw this.refusal(err, table);
    }
  }

  /**
   * Spec SQL runs on connections of its own (SqliteSpecQueries), which can be stopped: the
   * rows so far are committed for them to see. The file is renamed over the output only at
   * the end, so a failed run still replaces nothing.
   */
  async query(sql: string, bounds: QueryBounds = DEFAULT_QUERY_BOUNDS): Promise<Record<string, unknown>[]> {
    const gated = gateSpecSql(sql, 'sqlite', this.created);
    return (await this.committedSpecQueries()).query(gated, {}, bounds);
  }

  async queryValues(sql: string, bounds: QueryBounds = DEFAULT_QUERY_BOUNDS): Promise<QueryValues> {
    const gated = gateSpecSql(sql, 'sqlite', this.created);
    return (await this.committedSpecQueries()).queryValues(gated, {}, bounds);
  }

  /** The connections spec SQL runs on, once the rows so far are committed for them to see. */
  private async committedSpecQueries(): Promise<SqliteSpecQueries> {
    await this.driver!.exec('COMMIT; BEGIN').catch((err) => {
      throw this.refusal(err);
    });
    this.specQueries ??= await SqliteSpecQueries.open(this.tempPath);
    return this.specQueries;
  }

  async commit(): Promise<void> {
    // The machine's hash stays in the temporary file only.
    await this.driver!.exec('PRAGMA user_version = 0; COMMIT').catch((err) => {
      throw this.refusal(err);
    });
    // Keys made by a plain ref: hold by construction; checking them cost ~10 % of a run (docs/performance.md).
    const violation = await uncertainKeyViolation(this.keysToCheck, async (sql) => Number((await this.driver!.all(sql))[0].orphans)).catch((err) => {
      throw this.refusal(err);
    });
    if (violation) throw brokenForeignKey(violation.table.name, violation.key, violation.orphans);
    await this.close();
    // Asked again: something may have appeared at the output while the run lasted.
    refuseIfNotOurs(this.location, 'sqlite', this.force);
    try {
      // A folder cannot be renamed over: an empty one, or one --force replaces, goes first.
      if (lstatSync(this.location, { throwIfNoEntry: false })?.isDirectory()) rmSync(this.location, { recursive: true, force: true });
      renameSync(this.tempPath, this.location);
    } catch (err) {
      throw userError('TARGET_WRITE_FAILED', `cannot move the new database to ${this.location}: ${(err as Error).message}`, { hint: 'the previous output is untouched' });
    }
  }

  async abort(): Promise<void> {
    await this.close().catch(() => undefined);
    if (this.tempIsOurs) {
      rmSync(this.tempPath, { force: true });
      rmSync(`${this.tempPath}-journal`, { force: true });
    }
  }

  private async close(): Promise<void> {
    const specQueries = this.specQueries;
    this.specQueries = undefined;
    await specQueries?.close();
    const knex = this.knex;
    this.knex = undefined;
    if (!knex) return;
    await this.driver?.release();
    await knex.destroy();
  }

  /**
   * SQLite's refusals as user errors: rows that break a NOT NULL, unique or key constraint
   * are the spec's fault; a file that cannot be opened or written (disk full, read-only
   * folder) the environment's. Anything else is left as it is: a bug.
   */
  private refusal(err: unknown, table?: TableDef): unknown {
    const code = String((err as { code?: unknown })?.code);
    const message = (err as Error)?.message;
    if (table && code.startsWith('SQLITE_CONSTRAINT')) {
      return userError('RUN_CONSTRAINT', `table "${table.name}": ${message}`, { path: `tables.${table.name}`, hint: 'the generated rows break a NOT NULL, unique or key constraint: check the columns named' });
    }
    // A temporary file cut short by a full disk reads as not a database, or a corrupt one.
    if (/^SQLITE_(FULL|IOERR|CANTOPEN|READONLY|PERM|NOTADB|CORRUPT)/.test(code)) {
      return userError('TARGET_WRITE_FAILED', `writing ${this.location} failed: ${message} (${code})`, { hint: 'check the free space and permissions of the output folder; the previous output is untouched' });
    }
    return err;
  }

  private insertFor(table: TableDef) {
    let insert = this.inserts.get(table.name);
    if (!insert) {
      const rowsPerInsert = Math.max(1, Math.min(ROWS_PER_INSERT, Math.floor(MAX_VARIABLES / table.columns.length)));
      insert = { full: this.driver!.prepare(insertSql(table, rowsPerInsert)), rowsPerInsert };
      this.inserts.set(table.name, insert);
    }
    return insert;
  }
}

function declaredType(column: ColumnDef): string {
  return column.exact ? sqlTypeName(column.exact) : SQLITE_TYPES[column.type];
}

function insertSql(table: TableDef, rows: number): string {
  const columns = table.columns.map((c) => `"${c.name.replace(/"/g, '""')}"`).join(', ');
  const tuple = `(${table.columns.map(() => '?').join(', ')})`;
  return `INSERT INTO "${table.name.replace(/"/g, '""')}" (${columns}) VALUES ${Array(rows).fill(tuple).join(', ')}`;
}

