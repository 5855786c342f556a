import { renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import type { ColumnType } from '../../contract';
import { userError } from '../../errors/problem';
import { makeFolder } from '../makeFolder';
import { createIndexesWithKnex, createTableWithKnex } from '../sql/createTableWithKnex';
import { assertReadingStatement } from '../sql/readOnlySql';
import { expandSqlMacros } from '../../sql/sqlMacros';
import type { QueryValues, TableDef, Target } from '../target';
import { SQLITE_MACROS } from './sqliteMacros';
import { openSqliteDriver, type SqliteClient, type SqliteDriver } from './sqliteDriver';

const SQLITE_TYPES: Record<ColumnType, string> = {
  integer: 'INTEGER',
  real: 'REAL',
  text: 'TEXT',
  boolean: 'INTEGER',
  date: 'TEXT',
  datetime: 'TEXT',
};

/** SQLite allows 32,766 bound values per statement; 500 rows per INSERT measured fastest. */
const MAX_VARIABLES = 32_766;
const ROWS_PER_INSERT = 500;

/**
 * A SQLite file. Rows go to a temporary file beside the output, through the
 * driver's prepared multi-row INSERTs in one transaction; `commit` renames it
 * over the output, so a failed run never replaces a good database.
 */
export class SqliteTarget implements Target {
  readonly capabilities = { sql: true, foreignKeys: true };
  readonly location: string;
  private readonly tempPath: string;
  private knex: Knex | undefined;
  private driver: SqliteDriver | undefined;
  private readonly inserts = new Map<string, { full: (values: unknown[]) => unknown; rowsPerInsert: number }>();
  /** Tables with a foreign key the engine cannot vouch for (see ColumnDef.references): checked before the rename. */
  private readonly keysToCheck: string[] = [];

  constructor(
    path: string,
    private readonly client: SqliteClient = 'better-sqlite3',
  ) {
    this.location = resolve(path);
    this.tempPath = `${this.location}.tmp-${process.pid}`;
  }

  async open(): Promise<void> {
    try {
      makeFolder(dirname(this.location));
      rmSync(this.tempPath, { force: true });
    } catch (err) {
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
    await this.driver.exec('PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF; BEGIN').catch((err) => {
      throw this.refusal(err);
    });
  }

  async createTable(table: TableDef): Promise<void> {
    if (table.columns.some((c) => c.references && !c.references.certain)) this.keysToCheck.push(table.name);
    await this.driver!.exec(createTableWithKnex(this.knex!, table, SQLITE_TYPES).toString()).catch((err) => {
      throw this.refusal(err);
    });
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
    let pending: Promise<unknown> | undefined;
    const fullRows = rowCount - (rowCount % insert.rowsPerInsert);
    for (; offset < fullRows * width; offset += step) {
      const result = insert.full(values.slice(offset, offset + step));
      if (result instanceof Promise) pending = pending ? pending.then(() => result) : result;
    }
    const rest = rowCount - fullRows;
    if (rest > 0) {
      const tail = this.driver!.prepare(insertSql(table, rest));
      const result = tail(values.slice(offset, offset + rest * width));
      if (result instanceof Promise) pending = pending ? pending.then(() => result) : result;
    }
    return pending?.then(() => undefined);
  }

  async endTable(table: TableDef): Promise<void> {
    try {
      for (const statement of createIndexesWithKnex(this.knex!, table)) await this.driver!.exec(statement.toString());
    } catch (err) {
      throw this.refusal(err, table);
    }
  }

  async query(sql: string): Promise<Record<string, unknown>[]> {
    // SQLite calls ATTACH, BEGIN/COMMIT and some PRAGMA writes read-only: only queries may run.
    assertReadingStatement(sql);
    return this.driver!.readOnlyQuery(expandSqlMacros(sql, SQLITE_MACROS));
  }

  async queryValues(sql: string): Promise<QueryValues> {
    assertReadingStatement(sql);
    return this.driver!.readOnlyQueryValues(expandSqlMacros(sql, SQLITE_MACROS));
  }

  async commit(): Promise<void> {
    await this.driver!.exec('COMMIT').catch((err) => {
      throw this.refusal(err);
    });
    // Keys made by a plain ref: hold by construction; checking them cost ~10 % of a run (docs/performance.md).
    let violations: Record<string, unknown>[] = [];
    for (const table of this.keysToCheck) {
      violations = await this.driver!.readOnlyQuery(`PRAGMA foreign_key_check("${table.replace(/"/g, '""')}")`);
      if (violations.length) break;
    }
    if (violations.length) {
      throw userError('RUN_CONSTRAINT', `${violations.length} foreign key violation(s), first in table ${String(violations[0].table)}`, { hint: 'a column refers to rows that do not exist: check its ref: and the referenced table' });
    }
    await this.close();
    renameSync(this.tempPath, this.location);
  }

  async abort(): Promise<void> {
    await this.close().catch(() => undefined);
    rmSync(this.tempPath, { force: true });
  }

  private async close(): Promise<void> {
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
    if (/^SQLITE_(FULL|IOERR|CANTOPEN|READONLY|PERM)/.test(code)) {
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

function insertSql(table: TableDef, rows: number): string {
  const columns = table.columns.map((c) => `"${c.name.replace(/"/g, '""')}"`).join(', ');
  const tuple = `(${table.columns.map(() => '?').join(', ')})`;
  return `INSERT INTO "${table.name.replace(/"/g, '""')}" (${columns}) VALUES ${Array(rows).fill(tuple).join(', ')}`;
}

