/*
 * Writer choice, measured on 1,000,000 rows of (integer id, integer fk, ISO
 * datetime text, short status text, real amount, constant text) handed over as
 * 10,000-row flat batches, open to finished file, best of 2–3 runs of each, all
 * in the same half hour (Node 20, 2 shared cores, load 4–12):
 *   apache-arrow columns built by hand + parquet-wasm writeParquet: 3.8 s   (260k rows/s)
 *     (build 1.8 s, Table.fromIPCStream + writeParquet 1.9 s, single-threaded wasm)
 *   DuckDB appender, row by row, then COPY TO parquet:              3.6 s   (280k rows/s)
 *   DuckDB data chunks (vector setItem), then COPY TO parquet:      2.5 s   (400k rows/s)
 *   CSV bytes to a staging file, DuckDB COPY (read_csv) TO parquet: 1.5 s   (690k rows/s)  <- this file
 * The others pay one N-API or encoder call per string; DuckDB parses the CSV
 * on all cores and writes typed, dictionary-encoded Parquet. Against DuckDB
 * writing the same rows already in its memory, see `benchmarks/targets.ts`.
 */
import { rmSync } from 'node:fs';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { ColumnType } from '../../contract';
import { userError } from '../../errors/problem';
import { CsvTableFile } from '../csv/csvTableFile';
import { PartFolder } from '../csv/partFolder';
import { StagedFolder } from '../csv/stagedFolder';
import { sqlUnavailable } from '../sql/readOnlySql';
import type { TableDef, Target } from '../target';
import { isoDateConverter } from '../text/isoDateText';

const DUCKDB_TYPES: Record<ColumnType, string> = {
  integer: 'BIGINT',
  real: 'DOUBLE',
  text: 'VARCHAR',
  boolean: 'BOOLEAN',
  date: 'DATE',
  datetime: 'TIMESTAMP',
};

/**
 * A folder of Parquet files, one per table, with typed columns (int64, double,
 * utf8, boolean, date, timestamp). Each table is staged as CSV (dates as ISO)
 * and converted by DuckDB from `endTable` on, in the background; `commit`
 * waits for the conversions and swaps the folder in.
 */
export class ParquetTarget implements Target {
  readonly capabilities = { sql: false, foreignKeys: false };
  readonly location: string;
  private readonly folder: StagedFolder | PartFolder;
  private file: CsvTableFile | undefined;
  private duckdb: { instance: DuckDBInstance; connection: DuckDBConnection } | undefined;
  private conversions: Promise<void> = Promise.resolve();

  /** With `part`, the files are one shard's part of each table (`<table>/part-NNNNN.*`); see PartFolder. */
  constructor(folder: string, part?: number) {
    this.folder = part === undefined ? new StagedFolder(folder) : new PartFolder(folder, part);
    this.location = this.folder.location;
  }

  async open(): Promise<void> {
    this.folder.open();
    // Loaded here, not with the module: only Parquet runs pay for the native library.
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    this.duckdb = { instance, connection: await instance.connect() };
  }

  async createTable(table: TableDef): Promise<void> {
    this.file = new CsvTableFile(this.folder.path(table.name, 'csv'), table, table.columns.map(isoDateConverter));
  }

  writeRows(_table: TableDef, values: unknown[], rowCount: number): void {
    this.file!.write(values, rowCount);
  }

  /** Starts the table's conversion on DuckDB's threads; the engine generates the next table meanwhile. */
  async endTable(table: TableDef): Promise<void> {
    const csv = this.file!;
    csv.close();
    this.file = undefined;
    const columns = table.columns.map((c) => `${literal(c.name)}: ${literal(DUCKDB_TYPES[c.type])}`).join(', ');
    const read = `read_csv(${literal(csv.path)}, header = true, delim = ',', quote = '"', escape = '"', new_line = '\\n', allow_quoted_nulls = false, auto_detect = false, columns = {${columns}})`;
    const copy = `COPY (SELECT * FROM ${read}) TO ${literal(this.folder.path(table.name, 'parquet'))} (FORMAT parquet)`;
    // One conversion at a time on the connection, each after the previous one.
    this.conversions = this.conversions.then(async () => {
      try {
        await this.duckdb!.connection.run(copy);
      } catch (err) {
        throw userError('TARGET_WRITE_FAILED', `cannot write table "${table.name}" as Parquet: ${(err as Error).message}`, { hint: 'a value may not fit its column type' });
      }
      rmSync(csv.path);
    });
    // Awaited at commit; until then a failure must not count as unhandled.
    this.conversions.catch(() => undefined);
  }

  async query(): Promise<Record<string, unknown>[]> {
    throw sqlUnavailable('Parquet');
  }

  async commit(): Promise<void> {
    await this.conversions;
    this.closeDuckdb();
    this.folder.commit();
  }

  async abort(): Promise<void> {
    this.file?.close();
    this.file = undefined;
    await this.conversions.catch(() => undefined);
    this.closeDuckdb();
    this.folder.abort();
  }

  private closeDuckdb(): void {
    this.duckdb?.connection.closeSync();
    this.duckdb?.instance.closeSync();
    this.duckdb = undefined;
  }
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
