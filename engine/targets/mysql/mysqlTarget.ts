import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { Connection } from 'mysql2';
import type { ColumnType } from '../../contract';
import { userError } from '../../errors/problem';
import { displayUrl, type ServerSession } from '../sql/connectWithKnex';
import { expandSqlMacros } from '../sql/sqlMacros';
import { createIndexesWithKnex, createTableWithKnex } from '../sql/createTableWithKnex';
import { assertReadingStatement, notReadOnly } from '../sql/readOnlySql';
import { rowsRefused } from '../sql/rowsRefused';
import type { ColumnDef, TableDef, Target } from '../target';
import { isoDateConverter } from '../text/isoDateText';
import { InsertStatements, quoteName } from './insertStatements';
import { MYSQL_MACROS } from './mysqlMacros';
import { openMysqlSession, runOn } from './mysqlSession';

const MYSQL_TYPES: Record<ColumnType, string> = {
  integer: 'BIGINT',
  real: 'DOUBLE',
  text: 'TEXT',
  boolean: 'BOOLEAN',
  date: 'DATE',
  datetime: 'DATETIME',
};

/** Room in a packet beside the statement text. */
const PACKET_HEADROOM = 1024;

/** ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION */
const READ_ONLY_REFUSAL = 1792;

/**
 * A MariaDB/MySQL database. DDL there is not transactional, so tables are built
 * in a staging database (InnoDB, utf8mb4 binary collation like SQLite's and
 * PostgreSQL's comparisons) and filled with multi-row INSERTs as large as the
 * server accepts, one in flight while the next is encoded; `commit` moves old
 * tables out and new ones in with one atomic RENAME TABLE, so a failed run
 * leaves the previous tables untouched (and at worst a stray staging database).
 */
export class MysqlTarget implements Target {
  readonly capabilities = { sql: true, foreignKeys: true };
  readonly location: string;
  private readonly staging = `staging_${randomBytes(6).toString('hex')}`;
  private readonly retired = `${this.staging}_old`;
  private readonly database: string;
  private readonly tables: string[] = [];
  private session: ServerSession<Connection> | undefined;
  private maxStatementBytes = 0;
  private inserts: { table: string; statements: InsertStatements } | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private failure: Error | undefined;

  constructor(
    private readonly url: string,
    database?: string,
  ) {
    this.database = database ?? decodeURIComponent(new URL(url).pathname.slice(1));
    this.location = `${displayUrl(url)} (database ${this.database})`;
  }

  async open(): Promise<void> {
    if (!this.database) {
      throw userError('TARGET_UNREACHABLE', `no database named in ${displayUrl(this.url)}`, { hint: 'add it to the URL: mysql://user@host:3306/database' });
    }
    this.session = await openMysqlSession(this.url);
    await this.run('SET SESSION default_storage_engine = InnoDB, foreign_key_checks = 1');
    const [{ packet }] = await this.run('SELECT @@max_allowed_packet AS packet');
    this.maxStatementBytes = Number(packet) - PACKET_HEADROOM;
    try {
      await this.run(`CREATE DATABASE ${quoteName(this.staging)} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
      await this.run(`USE ${quoteName(this.staging)}`);
    } catch (err) {
      await this.abort();
      throw userError('TARGET_WRITE_FAILED', `cannot create a staging database on ${displayUrl(this.url)}: ${(err as Error).message}`, { hint: 'the user needs the CREATE and DROP privileges' });
    }
  }

  async createTable(table: TableDef): Promise<void> {
    await this.runBuilder(createTableWithKnex(this.knex, table, mysqlType(table)));
    this.tables.push(table.name);
  }

  writeRows(table: TableDef, values: unknown[], rowCount: number): void | Promise<void> {
    if (this.failure) throw rowsRefused('MariaDB/MySQL', table.name, this.failure);
    this.inserts ??= { table: table.name, statements: new InsertStatements(table, table.columns.map(isoDateConverter), this.maxStatementBytes) };
    const full = this.inserts.statements.add(values, rowCount);
    if (full.length) return this.send(table.name, full);
  }

  async endTable(table: TableDef): Promise<void> {
    await this.flushInserts();
    for (const index of createIndexesWithKnex(this.knex, table)) await this.runBuilder(index);
  }

  async query(sql: string): Promise<Record<string, unknown>[]> {
    assertReadingStatement(sql);
    await this.flushInserts();
    await this.run('START TRANSACTION READ ONLY');
    try {
      return (await this.run(expandSqlMacros(sql, MYSQL_MACROS))) as Record<string, unknown>[];
    } catch (err) {
      if ((err as { errno?: number }).errno === READ_ONLY_REFUSAL) throw notReadOnly(sql);
      throw err;
    } finally {
      await this.run('ROLLBACK');
    }
  }

  async commit(): Promise<void> {
    await this.flushInserts();
    const target = quoteName(this.database);
    await this.run(`CREATE DATABASE IF NOT EXISTS ${target}`);
    const existing = (await this.run('SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [this.database])) as { name: string }[];
    const replaced = new Set(existing.map((t) => t.name));
    const old = this.tables.filter((t) => replaced.has(t));
    if (old.length) await this.run(`CREATE DATABASE ${quoteName(this.retired)}`);
    const renames = [
      ...old.map((t) => `${target}.${quoteName(t)} TO ${quoteName(this.retired)}.${quoteName(t)}`),
      ...this.tables.map((t) => `${quoteName(this.staging)}.${quoteName(t)} TO ${target}.${quoteName(t)}`),
    ];
    try {
      if (renames.length) await this.run(`RENAME TABLE ${renames.join(', ')}`);
    } catch (err) {
      throw userError('TARGET_WRITE_FAILED', `cannot replace the tables in database ${this.database}: ${(err as Error).message}`, { hint: 'the previous tables are untouched' });
    }
    await this.dropStaging();
    await this.session!.close();
  }

  async abort(): Promise<void> {
    if (!this.session) return;
    await this.inFlight;
    await this.dropStaging().catch(() => undefined);
    await this.session.close().catch(() => undefined);
  }

  private get knex(): Knex {
    return this.session!.knex;
  }

  /** Sends statements one after another, one in flight: the caller encodes the next batch meanwhile. */
  private send(table: string, statements: string[]): Promise<void> {
    const previous = this.inFlight;
    const sent = previous.then(async () => {
      for (const statement of statements) if (!this.failure) await this.run(statement);
    });
    this.inFlight = sent.catch((err: Error) => void (this.failure ??= err));
    return previous.then(() => {
      if (this.failure) throw rowsRefused('MariaDB/MySQL', table, this.failure);
    });
  }

  private async flushInserts(): Promise<void> {
    const inserts = this.inserts;
    if (!inserts) return;
    this.inserts = undefined;
    const last = inserts.statements.flush();
    if (last) void this.send(inserts.table, [last]).catch(() => undefined);
    await this.inFlight;
    if (this.failure) throw rowsRefused('MariaDB/MySQL', inserts.table, this.failure);
  }

  /** Whole databases, so tables referencing each other need no drop order; checks off so an outside reference cannot block it. */
  private async dropStaging(): Promise<void> {
    await this.run('SET SESSION foreign_key_checks = 0');
    await this.run(`DROP DATABASE IF EXISTS ${quoteName(this.retired)}`);
    await this.run(`DROP DATABASE IF EXISTS ${quoteName(this.staging)}`);
    await this.run('SET SESSION foreign_key_checks = 1');
  }

  private run(sql: string, values?: unknown[]): Promise<any> {
    return runOn(this.session!.connection, sql, values);
  }

  private async runBuilder(builder: Knex.SchemaBuilder): Promise<void> {
    for (const statement of builder.toSQL() as unknown as Knex.Sql[]) await this.run(statement.sql, statement.bindings as unknown[]);
  }
}

/** TEXT cannot be a key in MySQL: text columns that are keys, referenced or indexed become VARCHAR(255). */
function mysqlType(table: TableDef): (column: ColumnDef) => string {
  const keyed = new Set(table.indexes.flatMap((index) => index.columns));
  return (column) => {
    const isKey = column.primaryKey || column.unique || column.index || column.references !== undefined || keyed.has(column.name);
    return column.type === 'text' && isKey ? 'VARCHAR(255)' : MYSQL_TYPES[column.type];
  };
}
