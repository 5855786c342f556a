import { randomBytes } from 'node:crypto';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { once } from 'node:events';
import type { Knex } from 'knex';
import type pg from 'pg';
import { userError } from '../../errors/problem';
import { connectWithKnex, displayUrl, type ServerSession } from '../sql/connectWithKnex';
import { addForeignKeysWithKnex, createIndexesWithKnex, createTableWithKnex } from '../sql/createTableWithKnex';
import { rowsRefused } from '../sql/rowsRefused';
import { DEFAULT_QUERY_BOUNDS, type QueryBounds } from '../sql/queryBounds';
import type { TableDef, Target } from '../target';
import { escapedText } from '../text/escapedText';
import { isoDateConverter, type TextConverter } from '../text/isoDateText';
import { gateSpecSql } from '../../sql/gateSpecSql';
import { postgresType } from './postgresColumnTypes';
import { missingSchema } from './postgresSchemas';
import { engineResultTypes } from './postgresResults';
import { LOADING_SUBTRANSACTION, runPostgresSpecQuery } from './postgresSpecQuery';

interface OpenCopy {
  table: string;
  stream: Writable;
  converters: TextConverter[];
}

/**
 * A PostgreSQL schema. The whole run is one transaction: tables are created in a
 * staging schema and filled by `COPY … FROM STDIN (FORMAT text)`, with indexes and
 * foreign keys added after their rows (keys to a table written later, at commit,
 * once it is loaded too); `commit` drops the old tables of those
 * names, moves the new ones into the target schema and commits, so readers see
 * the old tables or the new ones and a failed run leaves nothing behind.
 */
export class PostgresTarget implements Target {
  readonly capabilities = { sql: true, foreignKeys: true };
  readonly location: string;
  private readonly staging = `staging_${randomBytes(6).toString('hex')}`;
  private readonly tables: string[] = [];
  /** Tables whose foreign keys point at tables not created yet: added at commit, once every table is loaded. */
  private readonly deferredKeys: TableDef[] = [];
  private session: ServerSession<pg.Client> | undefined;
  private driver: { copyFrom: typeof import('pg-copy-streams').from; resultTypes: pg.CustomTypesConfig } | undefined;
  private copy: OpenCopy | undefined;
  private copyError: Error | undefined;

  constructor(
    private readonly url: string,
    private readonly schema = 'public',
    /** Create the schema when it does not exist (`--create`); otherwise a missing one is an error. */
    private readonly create = false,
  ) {
    this.location = `${displayUrl(url)} (schema ${schema})`;
  }

  async open(): Promise<void> {
    // Loaded here, not with the module: only PostgreSQL runs pay for the driver.
    const [{ types }, { from: copyFrom }] = await Promise.all([import('pg'), import('pg-copy-streams')]);
    this.driver = { copyFrom, resultTypes: engineResultTypes(types) };
    this.session = await connectWithKnex<pg.Client>('pg', { connectionString: this.url, connectionTimeoutMillis: 10_000 }, this.url);
    if (!this.create) await this.requireSchema();
    try {
      await this.run('BEGIN');
      if (this.create) await this.run(`CREATE SCHEMA IF NOT EXISTS ${quote(this.schema)}`);
      await this.run(`CREATE SCHEMA ${quote(this.staging)}`);
    } catch (err) {
      await this.abort();
      throw userError('TARGET_WRITE_FAILED', `cannot create a staging schema in ${displayUrl(this.url)}: ${(err as Error).message}`, { hint: 'the user needs the CREATE privilege on the database' });
    }
  }

  async createTable(table: TableDef): Promise<void> {
    const withoutForeignKeys = { ...table, columns: table.columns.map((c) => ({ ...c, references: undefined })), foreignKeys: undefined };
    await this.runBuilder(createTableWithKnex(this.knex, withoutForeignKeys, postgresType, this.staging));
    this.tables.push(table.name);
  }

  writeRows(table: TableDef, values: unknown[], rowCount: number): void | Promise<void> {
    if (this.copyError) throw rowsRefused('PostgreSQL', table.name, this.copyError);
    const copy = this.copy ?? this.startCopy(table);
    if (copy.stream.write(escapedText(values, rowCount, table.columns.length, copy.converters))) return;
    return once(copy.stream, 'drain').then(
      () => undefined,
      (err: Error) => {
        throw rowsRefused('PostgreSQL', table.name, err);
      },
    );
  }

  async endTable(table: TableDef): Promise<void> {
    await this.finishCopy();
    for (const index of createIndexesWithKnex(this.knex, table, this.staging)) await this.runBuilder(index, table.name);
    // Statistics now, not whenever autovacuum gets to it: without them the planner takes a fresh table for a few rows and nests loops over it.
    await this.run(`ANALYZE ${quote(this.staging)}.${quote(table.name)}`);
    const [now, later] = partition(table.columns.filter((c) => c.references), (c) => this.tables.includes(c.references!.table));
    const [nowKeys, laterKeys] = partition(table.foreignKeys ?? [], (key) => this.tables.includes(key.table));
    if (now.length || nowKeys.length) await this.runBuilder(addForeignKeysWithKnex(this.knex, { ...table, columns: now, foreignKeys: nowKeys }, this.staging), table.name);
    if (later.length || laterKeys.length) this.deferredKeys.push({ ...table, columns: later, foreignKeys: laterKeys });
  }

  /** Runs in a read-only subtransaction of the loading transaction, which sees the staged tables; the staging schema is its only schema (runPostgresSpecQuery). */
  async query(sql: string, bounds: QueryBounds = DEFAULT_QUERY_BOUNDS): Promise<Record<string, unknown>[]> {
    // Analysed for this server, reading the tables this run staged so far.
    const text = gateSpecSql(sql, 'postgresql', this.tables);
    await this.finishCopy();
    return runPostgresSpecQuery(this.client, this.url, { text, types: this.driver!.resultTypes, scope: LOADING_SUBTRANSACTION, schemas: [this.staging], bounds });
  }

  async commit(): Promise<void> {
    await this.finishCopy();
    for (const table of this.deferredKeys) await this.runBuilder(addForeignKeysWithKnex(this.knex, table, this.staging), table.name);
    const target = quote(this.schema);
    try {
      if (this.tables.length) await this.run(`DROP TABLE IF EXISTS ${this.tables.map((t) => `${target}.${quote(t)}`).join(', ')}`);
      for (const table of this.tables) await this.run(`ALTER TABLE ${quote(this.staging)}.${quote(table)} SET SCHEMA ${target}`);
      await this.run(`DROP SCHEMA ${quote(this.staging)}`);
      await this.run('COMMIT');
    } catch (err) {
      throw userError('TARGET_WRITE_FAILED', `cannot replace the tables in schema ${this.schema}: ${(err as Error).message}`, {
        hint: 'another object (a view, a foreign key of another table) may depend on them; the previous tables are untouched',
      });
    }
    await this.session!.close();
  }

  async abort(): Promise<void> {
    // A COPY still sending is cancelled (CopyFail); one the server already failed is left as it is.
    if (this.copy && !this.copyError) this.copy.stream.destroy();
    this.copy = undefined;
    await this.run('ROLLBACK').catch(() => undefined);
    await this.session?.close().catch(() => undefined);
  }

  private get knex(): Knex {
    return this.session!.knex;
  }

  private get client(): pg.Client {
    return this.session!.connection;
  }

  private startCopy(table: TableDef): OpenCopy {
    const columns = table.columns.map((c) => quote(c.name)).join(', ');
    const stream = this.client.query(this.driver!.copyFrom(`COPY ${quote(this.staging)}.${quote(table.name)} (${columns}) FROM STDIN (FORMAT text)`));
    // Errors surface at the next write or at `finishCopy`; the listener keeps them from crashing the process.
    stream.on('error', (err: Error) => (this.copyError ??= err));
    this.copy = { table: table.name, stream, converters: table.columns.map(isoDateConverter) };
    return this.copy;
  }

  private async finishCopy(): Promise<void> {
    const copy = this.copy;
    if (!copy) return;
    this.copy = undefined;
    if (this.copyError) throw rowsRefused('PostgreSQL', copy.table, this.copyError);
    copy.stream.end();
    try {
      await finished(copy.stream);
    } catch (err) {
      throw rowsRefused('PostgreSQL', copy.table, err as Error);
    }
  }

  /** A missing schema is an error naming the schemas the user may use, leaving nothing created. */
  private async requireSchema(): Promise<void> {
    const missing = await missingSchema(this.client, this.schema, this.url);
    if (!missing) return;
    await this.abort();
    throw missing;
  }

  private async run(sql: string): Promise<void> {
    await this.client.query(sql);
  }

  private async runBuilder(builder: Knex.SchemaBuilder, table?: string): Promise<void> {
    for (const statement of builder.toSQL() as unknown as Knex.Sql[]) {
      try {
        await this.client.query(statement.sql, statement.bindings as unknown[]);
      } catch (err) {
        if (table) throw rowsRefused('PostgreSQL', table, err as Error);
        throw err;
      }
    }
  }
}

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
