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
 * typed, dictionary-encoded Parquet on its own thread. See `benchmarks/targets.ts`.
 */
import { rmSync } from 'node:fs';
import type { DuckDBAppender, DuckDBConnection, DuckDBInstance, DuckDBType } from '@duckdb/node-api';
import { userError } from '../../errors/problem';
import { PartFolder } from '../csv/partFolder';
import { StagedFolder } from '../csv/stagedFolder';
import { sqlUnavailable } from '../sqlUnavailable';
import type { TableDef, Target } from '../target';
import { stagedColumns, type StagedColumn } from './stagedColumns';

type DuckDB = typeof import('@duckdb/node-api');

/** DuckDB's vector size: a data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048;
/**
 * Rows staged in memory before they are written out as a spill part: one of DuckDB's Parquet
 * row groups, so the merged file's row groups are the parts. Held whole, TPC-H's lineitem at
 * SF1 took 2.2 GB; two parts of 8 columns (one staged, one being written) take ~130 MB, and
 * twice as many rows per part ~100 MB more.
 */
export const PART_ROWS = 122_880;
/** Parts written out but not yet converted, at most: the engine waits rather than stage more. */
const PARTS_IN_FLIGHT = 1;

/** A table being appended: how its columns are staged, and where its rows go. */
interface StagedTable {
  /** The DuckDB table of the rows staged since the last part. */
  name: string;
  appender: DuckDBAppender;
  rows: number;
  columns: StagedColumn[];
  /** The staged columns' types. */
  types: DuckDBType[];
  /** The SELECT list that casts the staged columns to the file's columns. */
  casts: string;
  /** The table's file. */
  file: string;
  /** Spill parts written so far (uncompressed Parquet beside the file), merged into the file at `endTable`. */
  parts: string[];
  /** The conversions of the parts not yet known to be done. */
  inFlight: Promise<void>[];
}

/**
 * A folder of Parquet files, one per table, with typed columns (int64, double,
 * utf8, boolean, date, timestamp). Each table's batches go into a DuckDB table
 * in memory as data chunks (see stagedColumns); every PART_ROWS rows DuckDB casts them and writes an
 * uncompressed spill part beside the file, in the background on a second
 * connection while the engine generates on; at `endTable` the parts are merged
 * into the table's file (a table of one part is written directly, as before),
 * so memory stays flat however large the table. `commit` waits for the files
 * and swaps the folder in.
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
    // One thread: the engine's own thread keeps the other core busy, and with a thread per core DuckDB held ~50–100 MB more.
    const instance = await module.DuckDBInstance.create(':memory:', { threads: '1' });
    this.duckdb = { module, instance, appending: await instance.connect(), converting: await instance.connect() };
  }

  async createTable(table: TableDef): Promise<void> {
    const columns = stagedColumns(this.duckdb!.module, table.columns);
    const types = columns.map((c) => c.type);
    this.staged = {
      ...(await this.stagingTable(types)),
      rows: 0,
      columns,
      types,
      casts: castColumns(table, columns),
      file: this.folder.path(table.name, 'parquet'),
      parts: [],
      inFlight: [],
    };
  }

  /** A fresh DuckDB table for the next rows of `table`, and its appender. */
  private async stagingTable(types: DuckDBType[]): Promise<{ name: string; appender: DuckDBAppender }> {
    const { appending } = this.duckdb!;
    const name = `staged_${this.tableCount++}`;
    await appending.run(`CREATE TABLE ${name} (${types.map((type, i) => `c${i} ${type.toString()}`).join(', ')})`);
    return { name, appender: await appending.createAppender(name) };
  }

  writeRows(table: TableDef, values: unknown[], rowCount: number): void | Promise<void> {
    const staged = this.staged!;
    const room = PART_ROWS - staged.rows;
    if (rowCount < room) {
      this.append(table, values, 0, rowCount);
      return;
    }
    return this.writeAcrossParts(table, values, rowCount);
  }

  /** Rows that fill the staged part: each full part is spilled before the next is staged. */
  private async writeAcrossParts(table: TableDef, values: unknown[], rowCount: number): Promise<void> {
    for (let first = 0; first < rowCount; ) {
      const rows = Math.min(rowCount - first, PART_ROWS - this.staged!.rows);
      this.append(table, values, first, rows);
      first += rows;
      if (this.staged!.rows === PART_ROWS) await this.spill(table);
    }
  }

  /** Rows `first` … `first + rowCount - 1` of the batch into the staged DuckDB table. */
  private append(table: TableDef, values: unknown[], firstRow: number, rowCount: number): void {
    const staged = this.staged!;
    const { columns, types, appender } = staged;
    const width = columns.length;
    try {
      for (let first = firstRow; first < firstRow + rowCount; first += CHUNK_ROWS) {
        const rows = Math.min(CHUNK_ROWS, firstRow + rowCount - first);
        // Column by column, one tight loop each.
        const arrays = columns.map((column) => column.fill(values, first, rows, width));
        const chunk = this.duckdb!.module.DuckDBDataChunk.create(types, rows);
        chunk.setColumns(arrays as never);
        appender.appendDataChunk(chunk);
      }
    } catch (err) {
      throw notWritten(table.name, err as Error);
    }
    staged.rows += rowCount;
  }

  /**
   * Writes the staged rows out as the next spill part, in the background, and stages the next
   * rows in a fresh table; waits while an earlier part is still being written, so that at most
   * PARTS_IN_FLIGHT parts wait in memory besides the one being staged.
   */
  private async spill(table: TableDef): Promise<void> {
    const staged = this.staged!;
    const name = this.closeStaged(table);
    const part = `${staged.file}.part-${staged.parts.length}`;
    staged.parts.push(part);
    staged.inFlight.push(this.convert(table, `COPY (SELECT ${staged.casts} FROM ${name}) TO ${literal(part)} (FORMAT parquet, COMPRESSION uncompressed)`, name));
    Object.assign(staged, await this.stagingTable(staged.types), { rows: 0 });
    while (staged.inFlight.length > PARTS_IN_FLIGHT) await staged.inFlight.shift();
  }

  /** Starts writing the table's file (its last part and the merge of its parts) on DuckDB's thread; the engine generates the next table meanwhile. */
  async endTable(table: TableDef): Promise<void> {
    const staged = this.staged!;
    this.staged = undefined;
    const name = this.closeStaged(table, staged);
    const file = literal(staged.file);
    if (staged.parts.length === 0) {
      this.convert(table, `COPY (SELECT ${staged.casts} FROM ${name}) TO ${file} (FORMAT parquet)`, name);
      return;
    }
    const last = `${staged.file}.part-${staged.parts.length}`;
    if (staged.rows === 0) this.convert(table, `DROP TABLE ${name}`, undefined);
    else {
      staged.parts.push(last);
      this.convert(table, `COPY (SELECT ${staged.casts} FROM ${name}) TO ${literal(last)} (FORMAT parquet, COMPRESSION uncompressed)`, name);
    }
    // The parts in order, typed as the file's columns already: read back and written once more, compressed, as one file.
    const parts = staged.parts;
    this.convert(table, `COPY (SELECT * FROM read_parquet([${parts.map(literal).join(', ')}])) TO ${file} (FORMAT parquet)`, undefined, () => parts.forEach((part) => rmSync(part, { force: true })));
  }

  /** Flushes and closes the staged table's appender; returns the table's name. */
  private closeStaged(table: TableDef, staged = this.staged!): string {
    try {
      staged.appender.flushSync();
    } catch (err) {
      throw notWritten(table.name, err as Error);
    } finally {
      staged.appender.closeSync();
    }
    return staged.name;
  }

  /**
   * Runs `sql` on the converting connection after every conversion before it (one at a time,
   * in order), then drops the staged table `drop` and calls `after`; resolves when done.
   */
  private convert(table: TableDef, sql: string, drop: string | undefined, after?: () => void): Promise<void> {
    const done = this.conversions.then(async () => {
      const { converting } = this.duckdb!;
      try {
        await converting.run(sql);
      } catch (err) {
        throw notWritten(table.name, err as Error);
      }
      if (drop) await converting.run(`DROP TABLE ${drop}`);
      after?.();
    });
    this.conversions = done;
    // Awaited at commit; until then a failure must not count as unhandled.
    done.catch(() => undefined);
    return done;
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
    // Closed already when the failure came while a part was being spilled.
    try {
      this.staged?.appender.closeSync();
    } catch {
      // Nothing to close.
    }
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

/** The staged columns cast to the file's types, under the columns' names. */
function castColumns(table: TableDef, columns: StagedColumn[]): string {
  return columns.map((column, i) => `${column.cast(i)} AS ${identifier(table.columns[i].name)}`).join(', ');
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function identifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
