import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { Connection } from 'mysql2';
import { userError } from '../../errors/problem';
import { displayUrl, type ServerSession } from '../sql/connectWithKnex';
import { gateSpecSql } from '../../sql/gateSpecSql';
import { brokenForeignKey } from '../sql/brokenForeignKey';
import { createIndexesWithKnex, createTableWithKnex } from '../sql/createTableWithKnex';
import { foreignKeysOf } from '../sql/foreignKeys';
import { DEFAULT_QUERY_BOUNDS, type QueryBounds } from '../sql/queryBounds';
import { rowsRefused } from '../sql/rowsRefused';
import type { TableDef, Target } from '../target';
import { isoDateConverter } from '../text/isoDateText';
import { InsertLoad } from './insertLoad';
import { quoteName } from './insertStatements';
import { LoadDataLoad } from './loadDataLoad';
import { mysqlType } from './mysqlColumnTypes';
import { missingDatabase } from './mysqlDatabases';
import { openMysqlSession, runOn } from './mysqlSession';
import { runMysqlSpecQuery } from './mysqlSpecQuery';
import { createStagingDatabase, dropLeftoverStagingDatabases } from './stagingDatabase';
import type { TableLoad } from './tableLoad';

/** Room in a packet beside the statement text. */
const PACKET_HEADROOM = 1024;

/**
 * A MariaDB/MySQL database. DDL there is not transactional, so tables are built
 * in a staging database (InnoDB, utf8mb4 binary collation like SQLite's and
 * PostgreSQL's comparisons) and filled by one streamed `LOAD DATA LOCAL INFILE`
 * per table (multi-row INSERTs where the server refuses local files). Foreign
 * keys are declared but not checked row by row: `commit` counts the rows that
 * break one, then moves old tables out and new ones in with one atomic RENAME
 * TABLE, so a failed run leaves the previous tables untouched. A killed run leaves
 * its marked staging database behind; the next run on the server drops it.
 */
export class MysqlTarget implements Target {
  readonly capabilities = { sql: true, foreignKeys: true };
  readonly location: string;
  private readonly staging = `staging_${randomBytes(6).toString('hex')}`;
  private readonly retired = `${this.staging}_old`;
  private readonly database: string;
  private readonly tables: TableDef[] = [];
  private session: ServerSession<Connection> | undefined;
  /** Where spec SQL runs, opened at the first query. */
  private querySession: ServerSession<Connection> | undefined;
  private maxStatementBytes = 0;
  private localFiles = false;
  private load: { table: string; rows: TableLoad } | undefined;

  /**
   * `localFiles: false` sends INSERTs even where the server takes LOAD DATA LOCAL INFILE;
   * `create` creates the database when it does not exist (`--create`), otherwise a missing one is an error.
   */
  constructor(
    private readonly url: string,
    database?: string,
    private readonly options: { localFiles?: boolean; create?: boolean } = {},
  ) {
    this.database = database ?? decodeURIComponent(new URL(url).pathname.slice(1));
    this.location = `${displayUrl(url)} (database ${this.database})`;
  }

  async open(): Promise<void> {
    if (!this.database) {
      throw userError('TARGET_UNREACHABLE', `no database named in ${displayUrl(this.url)}`, { hint: 'add it to the URL: mysql://user@host:3306/database' });
    }
    this.session = await openMysqlSession(this.url);
    // Foreign keys are checked once at commit; a table may also reference one created after it.
    await this.run('SET SESSION default_storage_engine = InnoDB, foreign_key_checks = 0');
    const [{ packet, local }] = await this.run('SELECT @@max_allowed_packet AS packet, @@local_infile AS local');
    this.maxStatementBytes = Number(packet) - PACKET_HEADROOM;
    this.localFiles = Number(local) === 1 && this.options.localFiles !== false;
    if (!this.options.create) await this.requireDatabase();
    try {
      await dropLeftoverStagingDatabases((sql, values) => this.run(sql, values));
      await createStagingDatabase((sql, values) => this.run(sql, values), this.staging);
      await this.run(`USE ${quoteName(this.staging)}`);
    } catch (err) {
      await this.abort();
      throw userError('TARGET_WRITE_FAILED', `cannot create a staging database on ${displayUrl(this.url)}: ${(err as Error).message}`, { hint: 'the user needs the CREATE and DROP privileges' });
    }
  }

  /** A missing database is an error naming the databases the user can see, leaving nothing created. */
  private async requireDatabase(): Promise<void> {
    const missing = await missingDatabase((sql) => this.run(sql), this.database, this.url);
    if (!missing) return;
    await this.abort();
    throw missing;
  }

  async createTable(table: TableDef): Promise<void> {
    await this.runBuilder(createTableWithKnex(this.knex, table, mysqlType(table)));
    this.tables.push(table);
  }

  writeRows(table: TableDef, values: unknown[], rowCount: number): void | Promise<void> {
    this.load ??= { table: table.name, rows: this.startLoad(table) };
    try {
      const sent = this.load.rows.write(values, rowCount);
      if (sent) return sent.catch((err: Error) => Promise.reject(rowsRefused('MariaDB/MySQL', table.name, err)));
    } catch (err) {
      throw rowsRefused('MariaDB/MySQL', table.name, err as Error);
    }
  }

  async endTable(table: TableDef): Promise<void> {
    await this.finishLoad();
    for (const index of createIndexesWithKnex(this.knex, table)) await this.runBuilder(index);
  }

  /**
   * Spec SQL runs on a session of its own on the staging database, which sees the loaded rows
   * (each load commits): nothing a query does to its session reaches the loading one, the
   * only session that offers the server local files (runMysqlSpecQuery).
   */
  async query(sql: string, bounds: QueryBounds = DEFAULT_QUERY_BOUNDS): Promise<Record<string, unknown>[]> {
    // Analysed for this server, reading the tables this run loaded so far.
    const gated = gateSpecSql(sql, 'mariadb', this.tables.map((t) => t.name));
    await this.finishLoad();
    this.querySession ??= await openMysqlSession(this.url, this.staging, { localFiles: false });
    return runMysqlSpecQuery(this.querySession.connection, this.url, { sql: gated, bounds });
  }

  async commit(): Promise<void> {
    await this.closeQuerySession();
    await this.finishLoad();
    await this.checkForeignKeys();
    const target = quoteName(this.database);
    if (this.options.create) await this.run(`CREATE DATABASE IF NOT EXISTS ${target}`);
    const existing = (await this.run('SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [this.database])) as { name: string }[];
    const replaced = new Set(existing.map((t) => t.name));
    const names = this.tables.map((t) => t.name);
    const old = names.filter((t) => replaced.has(t));
    if (old.length) await createStagingDatabase((sql, values) => this.run(sql, values), this.retired);
    const renames = [
      ...old.map((t) => `${target}.${quoteName(t)} TO ${quoteName(this.retired)}.${quoteName(t)}`),
      ...names.map((t) => `${quoteName(this.staging)}.${quoteName(t)} TO ${target}.${quoteName(t)}`),
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
    await this.load?.rows.cancel();
    this.load = undefined;
    await this.closeQuerySession().catch(() => undefined);
    await this.dropStaging().catch(() => undefined);
    await this.session.close().catch(() => undefined);
  }

  private async closeQuerySession(): Promise<void> {
    const session = this.querySession;
    this.querySession = undefined;
    await session?.close();
  }

  private get knex(): Knex {
    return this.session!.knex;
  }

  private startLoad(table: TableDef): TableLoad {
    const converters = table.columns.map(isoDateConverter);
    const connection = this.session!.connection;
    return this.localFiles ? new LoadDataLoad(connection, table, converters) : new InsertLoad(connection, table, converters, this.maxStatementBytes);
  }

  private async finishLoad(): Promise<void> {
    const load = this.load;
    if (!load) return;
    this.load = undefined;
    await load.rows.finish().catch((err: Error) => Promise.reject(rowsRefused('MariaDB/MySQL', load.table, err)));
  }

  /** Every declared foreign key, checked once over the loaded rows (the session loads with foreign_key_checks off). */
  private async checkForeignKeys(): Promise<void> {
    for (const table of this.tables) {
      for (const key of foreignKeysOf(table)) {
        // MATCH SIMPLE, as the servers check keys: a row with a NULL in any of the key's columns refers to nothing.
        const present = key.columns.map((c) => `c.${quoteName(c)} IS NOT NULL`).join(' AND ');
        const matches = key.columns.map((c, i) => `p.${quoteName(key.referencedColumns[i])} = c.${quoteName(c)}`).join(' AND ');
        const [{ orphans }] = await this.run(`SELECT COUNT(*) AS orphans FROM ${quoteName(table.name)} c WHERE ${present} AND NOT EXISTS (SELECT 1 FROM ${quoteName(key.table)} p WHERE ${matches})`);
        if (Number(orphans) > 0) throw brokenForeignKey(table.name, key, orphans);
      }
    }
  }

  /** Whole databases, so tables referencing each other need no drop order (the session has foreign key checks off). */
  private async dropStaging(): Promise<void> {
    await this.run(`DROP DATABASE IF EXISTS ${quoteName(this.retired)}`);
    await this.run(`DROP DATABASE IF EXISTS ${quoteName(this.staging)}`);
  }

  private run(sql: string, values?: unknown[]): Promise<any> {
    return runOn(this.session!.connection, sql, values);
  }

  private async runBuilder(builder: Knex.SchemaBuilder): Promise<void> {
    for (const statement of builder.toSQL() as unknown as Knex.Sql[]) await this.run(statement.sql, statement.bindings as unknown[]);
  }
}
