import { RowError, type Row } from '../contract';
import { UserError, userError } from '../errors/problem';
import type { CompiledSpec, CompiledTable } from '../compile/compileSpec';
import type { CompiledContext } from '../compile/context';
import { UniqueValuesExhausted, ValueTypeMismatch } from '../compile/column';
import { MissingCaseError } from '../compile/generator';
import { UnportableValue } from '../compile/portableValues';
import type { FillerPosition } from '../compile/rowFiller';
import { linkSlot, PARENT_INDEX, ROW_INDEX } from '../compile/scope';
import { CHUNK_SIZE } from '../random/stream';
import { valuesOf } from '../targets/queryValues';
import { DEFAULT_MAX_ROWS, type Limits } from '../limits';
import type { QueryBounds } from '../targets/sql/queryBounds';
import type { Target } from '../targets/target';
import { tablesWithDependencies } from '../graph/select';
import type { Shard } from '../shard/shard';
import { planShares, UNSHARDED, type TableShare } from '../shard/shardPlan';
import { columnsForReaders } from './columnsForReaders';
import { ContextScratch } from './contextScratch';
import { plannedRows } from './plannedRows';
import { ProjectedContexts } from './projectedContexts';
import { tableFillers } from './tableFillers';

export interface RunOptions {
  /** Only these tables, plus the tables they depend on. */
  tables?: string[];
  /** Called after every chunk, and after every part of a chunk written in parts (one parent's children). */
  onProgress?: (progress: TableProgress) => void;
  /** Aborts between chunks (SIGINT, SIGTERM). */
  signal?: AbortSignal;
  /** Refuse to generate more rows than this in all (a guard against runaway specs); DEFAULT_MAX_ROWS when omitted. */
  maxRows?: number;
  /** Generate and write only this shard's part (the target must write parts: `csv:` or `parquet:` with a part number). */
  shard?: Shard;
}

export interface TableProgress {
  table: string;
  rows: number;
  chunk: number;
  chunks: number;
  done: boolean;
}

export interface TableResult {
  name: string;
  /** Rows of the table; of a shard, the rows of its chunks (the shards' rows add up to the table's). */
  rows: number;
  seconds: number;
  written: boolean;
}

export interface RunResult {
  output: string;
  seconds: number;
  rows: number;
  tables: TableResult[];
}

/**
 * Runs compiled tables in dependency order into a target: chunk by chunk, each
 * chunk from its own streams; only kept columns stay in memory. With `shard`, only
 * that shard's chunks are written (engine/shard/shardPlan.ts). On any failure the
 * target is aborted, leaving the previous output untouched.
 */
export async function runCompiled(compiled: CompiledSpec, target: Target, options: RunOptions = {}): Promise<RunResult> {
  const selected = options.tables ? tablesWithDependencies(compiled, options.tables) : new Set(compiled.order);
  const started = performance.now();
  const results: TableResult[] = [];
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const order = compiled.order.filter((name) => selected.has(name));
  const tables = order.map((name) => compiled.tables.get(name)!);
  refuseTooManyRows(tables, 0, maxRows);
  const shares = options.shard ? planShares(compiled, options.shard) : undefined;
  const scratch = ContextScratch.forRun(tables, target);
  // Every row of every table reaches the target: a projection of one can be answered from what was written.
  const projected = scratch || options.shard ? undefined : new ProjectedContexts(tables, target);
  let totalRows = 0;
  let ownRows = 0;
  try {
    await target.open();
    await scratch?.open();
    for (const table of tables) {
      const tableStarted = performance.now();
      const { generated, rows } = await runTable(table, target, { ...options, share: shares?.get(table.name) ?? UNSHARDED, scratch, projected, limits: compiled.limits }, maxRows, totalRows);
      totalRows += generated;
      ownRows += rows;
      results.push({ name: table.name, rows, seconds: (performance.now() - tableStarted) / 1000, written: table.written });
    }
    // A signal that came while the last query or chunk finished still keeps the previous output.
    if (options.signal?.aborted) throw interrupted();
    await target.commit();
  } catch (err) {
    await target.abort().catch(() => undefined);
    throw asTargetFailure(err, target);
  } finally {
    await scratch?.close();
  }
  return { output: target.location, seconds: (performance.now() - started) / 1000, rows: ownRows, tables: results };
}

interface TableRun extends RunOptions {
  share: TableShare;
  scratch: ContextScratch | undefined;
  projected: ProjectedContexts | undefined;
  limits: Limits;
}

/** Runs one table: `generated` counts every row (the run's budget), `rows` those of this shard's chunks. */
async function runTable(table: CompiledTable, target: Target, options: TableRun, maxRows: number, rowsBefore: number): Promise<{ generated: number; rows: number }> {
  const { outputColumns, store, streams, driver, def } = table;
  const { share, scratch } = options;
  const row = freshRow(table);
  const position: FillerPosition = { column: undefined };
  // Chunks generated only for later tables (written by another shard) skip the other columns.
  const fillers = tableFillers(table, share === UNSHARDED ? undefined : columnsForReaders(table), position, row, () => rowIndex);
  let fill = fillers.written;
  const budget = maxRows - rowsBefore;
  // Reused by every chunk (targets read only its first chunkRows rows): emptied and regrown per chunk, it cost ~60 ms per 1M rows.
  const values: unknown[] = [];
  const width = outputColumns.length;
  // Rows held before they are written: a chunk's worth, fewer of a wide table; a chunk of a driver that pauses (one parent's children) is written in parts of this size.
  const heldRows = Math.max(CHUNK_SIZE, Math.floor(HELD_VALUES / Math.max(1, width)));
  let rowIndex = 0;
  let ownRows = 0;
  let chunkRows = 0;

  /** A chunk another shard generates: its rows are only counted, so row numbers after it stay those of a single run. */
  const countOnly = () => {
    if (rowIndex >= budget) throw tooManyRows(table.name, maxRows);
    rowIndex++;
    store.skip();
  };
  const emit = (parentIndex: number) => {
    // Checked per row: one chunk of a per-parent driver can hold any number of rows.
    if (rowIndex >= budget) throw tooManyRows(table.name, maxRows);
    row[PARENT_INDEX] = parentIndex;
    row[ROW_INDEX] = rowIndex++;
    fill(row, values, chunkRows * width);
    store.append(row);
    return ++chunkRows >= heldRows;
  };
  /** Writes the rows held so far, to the target when its shard writes the chunk, to the scratch database when context queries read the table. */
  const keepers = options.projected?.keepersOf(table.name) ?? [];
  const writeHeld = async (toChunk: boolean) => {
    if (toChunk && chunkRows > 0) {
      await target.writeRows(def, values, chunkRows);
      for (const kept of keepers) kept.keep(values, chunkRows, width);
    }
    if (toScratch && chunkRows > 0) await scratch!.writeRows(def, values, chunkRows);
    chunkRows = 0;
  };

  if (table.context) await loadContext(table, scratch?.target ?? target, options);
  // Its upstream tables have run: the estimate now sees their sizes.
  refuseTooManyRows([table], rowsBefore, maxRows);
  const chunks = driver.chunkCount();
  // Shard 0 creates every table, so an empty one still exists; other shards only those they write chunks of.
  const toTarget = table.written && Array.from({ length: Math.max(chunks, 1) }, (_, chunk) => share.writes(chunk)).some(Boolean);
  const toScratch = table.written && scratch?.tables.has(table.name) === true;
  if (toTarget) await target.createTable(def);
  if (toScratch) await scratch!.createTable(def);
  for (let chunk = 0; chunk < chunks; chunk++) {
    // A synchronous target never yields: let signals and progress output through between chunks.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (options.signal?.aborted) throw interrupted();
    streams.reseed(chunk);
    const chunkStart = rowIndex;
    const writesChunk = toTarget && share.writes(chunk);
    // Rows written nowhere (to neither the target nor the scratch database) make only what later tables read.
    fill = writesChunk || toScratch ? fillers.written : fillers.forReaders;
    fillers.startChunk(share.computes(chunk));
    try {
      const paused = driver.emitChunk(chunk, share.computes(chunk) ? emit : countOnly);
      // A driver that paused with heldRows rows has more of this chunk to emit: write what it made, then resume it.
      while (paused && !paused.next().done) {
        await writeHeld(writesChunk);
        options.onProgress?.({ table: table.name, rows: rowIndex, chunk, chunks, done: false });
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (options.signal?.aborted) throw interrupted();
      }
    } catch (err) {
      throw asUserError(err, table, position.column, row[ROW_INDEX] as number);
    }
    await writeHeld(writesChunk);
    if (share.writes(chunk)) ownRows += rowIndex - chunkStart;
    options.onProgress?.({ table: table.name, rows: rowIndex, chunk: chunk + 1, chunks, done: false });
  }
  if (toTarget) await target.endTable(def);
  if (toScratch) await scratch!.endTable(def);
  options.onProgress?.({ table: table.name, rows: rowIndex, chunk: chunks, chunks, done: true });
  return { generated: rowIndex, rows: ownRows };
}

/** Refuses, before generating them, tables that plan more rows than the run may still make. */
function refuseTooManyRows(tables: CompiledTable[], rowsBefore: number, maxRows: number): void {
  // Each table's first chunk alone bounds it (its last chunk, counted for the message, costs as much again).
  let bound = rowsBefore;
  for (const table of tables) if ((bound += plannedRows(table, maxRows - bound, true)) > maxRows) break;
  if (bound <= maxRows) return;
  let total = rowsBefore;
  const planned: string[] = [];
  for (const table of tables) {
    const rows = plannedRows(table, maxRows - total);
    total += rows;
    if (rows > 0) planned.push(`${table.name}: ${Number.isFinite(rows) ? ROWS.format(rows) : `over ${ROWS.format(maxRows)}`}`);
    if (total > maxRows) {
      const before = rowsBefore ? `${ROWS.format(rowsBefore)} generated, then ` : '';
      throw userError('RUN_TOO_MANY_ROWS', `the run would make more than ${ROWS.format(maxRows)} rows (${before}${planned.join(', ')}); stopped before generating them`, {
        path: `tables.${table.name}`,
        hint: TOO_MANY_ROWS_HINT,
      });
    }
  }
}

/** The error of a run stopped by SIGINT/SIGTERM between chunks. */
export function interrupted(): UserError {
  return userError('RUN_INTERRUPTED', 'the run was interrupted; the previous output is untouched');
}

function tooManyRows(table: string, maxRows: number): UserError {
  return userError('RUN_TOO_MANY_ROWS', `the run made more than ${ROWS.format(maxRows)} rows, the last in table "${table}"; the previous output is untouched`, {
    path: `tables.${table}`,
    hint: TOO_MANY_ROWS_HINT,
  });
}

const ROWS = new Intl.NumberFormat('en-US');
/** Output values a table holds at most before writing them (a chunk of a very wide table holds fewer rows). */
const HELD_VALUES = 1_000_000;
const TOO_MANY_ROWS_HINT = `lower --scale or the counts, or raise --max-rows (default ${ROWS.format(DEFAULT_MAX_ROWS)})`;

/**
 * A failure the operating system reports (ENOSPC, EACCES, EROFS, ECONNRESET, …) is the
 * environment's, not a bug: a user error naming the target. Targets turn their own
 * refusals (constraints, a full disk as the database reports it) into user errors.
 */
function asTargetFailure(err: unknown, target: Target): unknown {
  if (err instanceof UserError || !(err instanceof Error)) return err;
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string' || !/^E[A-Z0-9]+$/.test(code)) return err;
  return userError('TARGET_WRITE_FAILED', `writing ${target.location} failed: ${err.message} (${code})`, { hint: 'check the free space and permissions of the output folder; the previous output is untouched' });
}

/**
 * Runs the table's context queries once each, in spec order, on the tables already written:
 * to the target, or, where the target runs no SQL, to the scratch database beside it
 * (ContextScratch.forRun).
 */
async function loadContext(table: CompiledTable, target: Target, options: TableRun): Promise<void> {
  const results = new Map<CompiledContext, { columns: string[]; rows: number }>();
  for (const context of table.context!.queries) {
    const bounds: QueryBounds = { limits: options.limits, signal: options.signal, path: context.path };
    const failed = (err: Error): never => {
      if (err instanceof UserError) throw err;
      throw userError('SPEC_BAD_OPTION', `the context query of "${table.name}" failed: ${err.message}`, { path: context.path, hint: 'the query runs on the target after the tables it reads are written' });
    };
    // Rows as arrays where the target gives them: no object per result row (a context query can return a row per row of a large table).
    const result =
      options.projected?.resultOf(context) ??
      await (target.queryValues ? target.queryValues(context.sql, bounds) : target.query(context.sql, bounds).then(valuesOf)).catch(failed);
    results.set(context, { columns: result.columns, rows: context.load(result) });
  }
  table.context!.settle(results);
}

/** One row object per table, reused for every row: stable shape, no allocation per row. */
function freshRow(table: CompiledTable): Row {
  const row: Row = { [PARENT_INDEX]: -1, [ROW_INDEX]: 0 };
  for (const column of table.columns) row[column.name] = null;
  for (const linked of table.scope.links.keys()) row[linkSlot(linked)] = -1;
  return row;
}

/** Run-time faults caused by the spec become user errors naming the table and column. */
function asUserError(err: unknown, table: CompiledTable, column: string | undefined, rowIndex: number): unknown {
  const path = `tables.${table.name}.columns.${column ?? ''}`;
  if (err instanceof MissingCaseError) {
    return new UserError([{ code: 'SPEC_BAD_OPTION', message: `${table.name}.${column}: ${err.message}`, path, hint: 'add a case for this value, or a generator beside by: as the default' }]);
  }
  if (err instanceof RowError) {
    const hint = err.hint ?? 'the spec produced a value this step cannot use: check the options named in the message';
    return new UserError([{ code: err.code, message: `${table.name}: ${err.message}`, path: `tables.${table.name}`, hint }]);
  }
  if (err instanceof UnportableValue) {
    const where = `table "${table.name}", column "${err.column}", row ${ROWS.format(rowIndex + 1)}`;
    return new UserError([{ code: 'RUN_BAD_VALUE', message: `${where}: ${err.message}`, path: `tables.${table.name}.columns.${err.column}`, hint: err.hint }]);
  }
  if (err instanceof ValueTypeMismatch) {
    return new UserError([{ code: 'SPEC_TYPE_MISMATCH', message: `${table.name}.${err.message}`, path: `tables.${table.name}.columns.${err.column}`, hint: err.hint }]);
  }
  if (err instanceof UniqueValuesExhausted) {
    return new UserError([{ code: 'RUN_INFEASIBLE_UNIQUE', message: `table "${table.name}": ${err.message}`, path, hint: 'widen the generator (more values) or generate fewer rows' }]);
  }
  return err;
}
