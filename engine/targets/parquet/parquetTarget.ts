/*
 * Writer choice, measured on 1,000,000 rows of (integer id, integer fk, ISO
 * datetime text, short status text, real amount, constant text) handed over as
 * 10,000-row flat batches, open to finished file (Node 20, 2 shared cores, load 4–12):
 *   apache-arrow columns built by hand + parquet-wasm writeParquet: 3.8 s   (260k rows/s)
 *     (build 1.8 s, Table.fromIPCStream + writeParquet 1.9 s, single-threaded wasm)
 *   DuckDB appender, row by row, then COPY TO parquet:              3.6 s   (280k rows/s)
 *   CSV through csv-stringify to a staging file, DuckDB read_csv
 *     COPY TO parquet:                                              3.8–5.3 s (190–260k rows/s)
 *   DuckDB data chunks from column arrays, then COPY TO parquet:    1.0–1.9 s (540–990k rows/s)  <- this file
 * Data chunks hand DuckDB whole columns per call; DuckDB then casts and writes
 * typed, dictionary-encoded Parquet on all cores. See `benchmarks/targets.ts`.
 */
import type { DuckDBAppender, DuckDBConnection, DuckDBInstance, DuckDBType } from '@duckdb/node-api';
import type { ColumnType } from '../../contract';
import { sqlTypeName } from '../../compile/columnTypes';
import { userError } from '../../errors/problem';
import { PartFolder } from '../csv/partFolder';
import { StagedFolder } from '../csv/stagedFolder';
import { sqlUnavailable } from '../sqlUnavailable';
import type { TableDef, Target } from '../target';
import { plainDecimalConverter } from '../text/decimalText';
import { isoDateConverter, type TextConverter } from '../text/isoDateText';

type DuckDB = typeof import('@duckdb/node-api');

/** Parquet column types, as DuckDB names them. */
const DUCKDB_TYPES: Record<ColumnType, string> = {
  integer: 'BIGINT',
  real: 'DOUBLE',
  decimal: 'DECIMAL',
  text: 'VARCHAR',
  boolean: 'BOOLEAN',
  date: 'DATE',
  datetime: 'TIMESTAMP',
};

/** Staged column types: the engine's values as they are (numbers, 1/0, ISO text); the COPY casts them to DUCKDB_TYPES. */
const STAGED_TYPES = (duckdb: DuckDB): Record<ColumnType, DuckDBType> => ({
  integer: duckdb.DOUBLE,
  real: duckdb.DOUBLE,
  // Plain decimal text, which DuckDB casts to DECIMAL(p,s) exactly (a double beyond 2^53 is not the decimal it prints as).
  decimal: duckdb.VARCHAR,
  text: duckdb.VARCHAR,
  boolean: duckdb.INTEGER,
  date: duckdb.VARCHAR,
  datetime: duckdb.VARCHAR,
});

/** DuckDB's vector size: a data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048;

/** A table being appended: its staged types, which columns hold numbers, and the text columns' date converters. */
interface StagedTable {
  name: string;
  appender: DuckDBAppender;
  types: DuckDBType[];
  numeric: boolean[];
  converters: TextConverter[];
}

/**
 * A folder of Parquet files, one per table, with typed columns (int64, double,
 * utf8, boolean, date, timestamp). Each table's batches go into a DuckDB table
 * in memory as data chunks; from `endTable` on, DuckDB casts it and writes the
 * Parquet file in the background on a second connection while the engine
 * generates the next table; `commit` waits for the files and swaps the folder in.
 */
export class ParquetTarget implements Target {
  readonly capabilities = { sql: false, foreignKeys: false };
  readonly location: string;
  private readonly folder: StagedFolder | PartFolder;
  private duckdb: { module: DuckDB; instance: DuckDBInstance; appending: DuckDBConnection; converting: DuckDBConnection } | undefined;
  private staged: StagedTable | undefined;
  private tableCount = 0;
  private conversions: Promise<void> = Promise.resolve();

  /** With `part`, the files are one shard's part of each table (`<table>/part-NNNNN.*`); see PartFolder. `force` replaces a folder the engine did not write. */
  constructor(folder: string, part?: number, force = false) {
    this.folder = part === undefined ? new StagedFolder(folder, force) : new PartFolder(folder, part, force);
    this.location = this.folder.location;
  }

  async open(): Promise<void> {
    this.folder.open();
    // Loaded here, not with the module: only Parquet runs pay for the native library.
    const module = await import('@duckdb/node-api');
    const instance = await module.DuckDBInstance.create(':memory:');
    this.duckdb = { module, instance, appending: await instance.connect(), converting: await instance.connect() };
  }

  async createTable(table: TableDef): Promise<void> {
    const { module, appending } = this.duckdb!;
    const name = `staged_${this.tableCount++}`;
    const staged = STAGED_TYPES(module);
    await appending.run(`CREATE TABLE ${name} (${table.columns.map((c, i) => `c${i} ${staged[c.type]}`).join(', ')})`);
    const converters = table.columns.map((c) => isoDateConverter(c) ?? plainDecimalConverter(c));
    this.staged = {
      name,
      appender: await appending.createAppender(name),
      types: table.columns.map((c) => staged[c.type]),
      numeric: table.columns.map((c) => c.type === 'integer' || c.type === 'real' || c.type === 'boolean'),
      converters,
    };
  }

  writeRows(table: TableDef, values: unknown[], rowCount: number): void {
    const { types, numeric, converters, appender } = this.staged!;
    const width = types.length;
    try {
      for (let first = 0; first < rowCount; first += CHUNK_ROWS) {
        const rows = Math.min(CHUNK_ROWS, rowCount - first);
        // Column by column, one tight loop each: numbers as they are, text as strings (dates rewritten to ISO), NULL for missing values.
        const columns = types.map((_, column) => {
          const out = new Array<unknown>(rows);
          const convert = converters[column];
          let k = first * width + column;
          if (numeric[column]) for (let row = 0; row < rows; row++, k += width) out[row] = values[k] ?? null;
          else {
            for (let row = 0; row < rows; row++, k += width) {
              const value = values[k];
              const text = value === null || value === undefined ? null : typeof value === 'string' ? value : String(value);
              out[row] = convert && text !== null ? convert(text) : text;
            }
          }
          return out;
        });
        const chunk = this.duckdb!.module.DuckDBDataChunk.create(types, rows);
        chunk.setColumns(columns as never);
        appender.appendDataChunk(chunk);
      }
    } catch (err) {
      throw notWritten(table.name, err as Error);
    }
  }

  /** Starts the table's conversion on DuckDB's threads; the engine generates the next table meanwhile. */
  async endTable(table: TableDef): Promise<void> {
    const staged = this.staged!;
    this.staged = undefined;
    try {
      staged.appender.flushSync();
    } catch (err) {
      throw notWritten(table.name, err as Error);
    } finally {
      staged.appender.closeSync();
    }
    const columns = table.columns.map((c, i) => `CAST(c${i} AS ${c.exact?.kind === 'decimal' ? sqlTypeName(c.exact) : DUCKDB_TYPES[c.type]}) AS ${identifier(c.name)}`).join(', ');
    const copy = `COPY (SELECT ${columns} FROM ${staged.name}) TO ${literal(this.folder.path(table.name, 'parquet'))} (FORMAT parquet)`;
    // One conversion at a time on the connection, each after the previous one.
    this.conversions = this.conversions.then(async () => {
      const { converting } = this.duckdb!;
      try {
        await converting.run(copy);
      } catch (err) {
        throw notWritten(table.name, err as Error);
      }
      await converting.run(`DROP TABLE ${staged.name}`);
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
    this.staged?.appender.closeSync();
    this.staged = undefined;
    await this.conversions.catch(() => undefined);
    this.closeDuckdb();
    this.folder.abort();
  }

  private closeDuckdb(): void {
    this.duckdb?.appending.closeSync();
    this.duckdb?.converting.closeSync();
    this.duckdb?.instance.closeSync();
    this.duckdb = undefined;
  }
}

/** DuckDB's failures: a file it cannot write (a full disk) is the environment's; anything else, a value that does not fit its type. */
function notWritten(table: string, err: Error): Error {
  const hint = /^IO Error/.test(err.message) ? 'check the free space and permissions of the output folder; the previous output is untouched' : 'a value may not fit its column type';
  return userError('TARGET_WRITE_FAILED', `cannot write table "${table}" as Parquet: ${err.message}`, { path: `tables.${table}`, hint });
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function identifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
