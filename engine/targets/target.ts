import type { ColumnType } from '../contract';
import type { ExactType } from '../compile/columnTypes';
import type { QueryBounds } from './sql/queryBounds';

/** A column as a target creates it. */
export interface ColumnDef {
  name: string;
  type: ColumnType;
  /** The size of a DECIMAL(p,s), VARCHAR(n) or CHAR(n) column. */
  exact?: ExactType;
  primaryKey: boolean;
  notNull: boolean;
  unique: boolean;
  index: boolean;
  /** A foreign key; `certain` when every value is a key of a written row by construction (a plain `ref:` to that key), which needs no check. */
  references?: { table: string; column: string; certain?: boolean };
  /** Text format of date/datetime values as the engine hands them over. */
  format?: string;
}

/** A table as a target creates it; the engine hands tables over in dependency order. */
export interface TableDef {
  name: string;
  columns: ColumnDef[];
  /** Primary key columns (one or more). */
  primaryKey: string[];
  indexes: { columns: string[]; unique: boolean }[];
  /** Table-level foreign keys (`foreign_keys:`), one or more columns each; checked once all rows are in. */
  foreignKeys?: { columns: string[]; table: string; referencedColumns: string[] }[];
}

/** What a target can do; the core reads flags, never dialect names. */
export interface TargetCapabilities {
  /** Can run read-only SQL over written tables (context queries, checks, KPIs). */
  sql: boolean;
  /** Enforces foreign keys, so `check` can ask it for violations. */
  foreignKeys: boolean;
}

/**
 * Where rows go. Lifecycle: `open` → (`createTable` → `writeRows`* → `endTable`)* → `commit`,
 * or `abort` at any point, after which the previous output is untouched.
 * Rows arrive as one flat array: `rowCount` rows of `columns.length` values,
 * dates as text in the column's format, booleans as 1/0.
 */
/** A query's result as arrays: `row[j]` is the value of `columns[j]`; the rows may be read once only, before the next statement. */
export interface QueryValues {
  columns: string[];
  rows: Iterable<unknown[]>;
}

export interface Target {
  readonly capabilities: TargetCapabilities;
  /** Human-readable place the output lands, for the summary. */
  readonly location: string;
  open(): Promise<void>;
  createTable(table: TableDef): Promise<void>;
  /** `rowCount` rows, their values row after row in `values`, which may hold more: the runner reuses the array for every chunk, so a target must not keep it past the call (and the promise it returns). */
  writeRows(table: TableDef, values: unknown[], rowCount: number): void | Promise<void>;
  endTable(table: TableDef): Promise<void>;
  /** A read-only query over tables written so far (only where `capabilities.sql`), its `{{ macros }}` expanded for the dialect; `bounds` stop it at the time limit or a signal. */
  query(sql: string, bounds?: QueryBounds): Promise<Record<string, unknown>[]>;
  /** The same query with each row as an array in the order of `columns`, streamed where the driver can: no object per row, for large results (context queries). Optional. */
  queryValues?(sql: string, bounds?: QueryBounds): Promise<QueryValues>;
  /**
   * How a query reads back a value written to `column`: the value, or undefined where the
   * column's type would convert it. Lets the run answer a query that only projects written
   * columns from the values it wrote instead of reading them back. Optional: without it, every query runs.
   */
  readBack?(column: ColumnDef): (value: unknown) => unknown;
  commit(): Promise<void>;
  abort(): Promise<void>;
}
