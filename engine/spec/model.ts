import type { ColumnType } from '../contract';

/** A spec after loading (extends, includes, overrides and params applied), before compiling. */
export interface DatasetSpec {
  name: string;
  description?: string;
  seed: number | string;
  /** The dataset's "today", `YYYY-MM-DD`. */
  as_of: string;
  output?: string;
  params?: Record<string, unknown>;
  data?: Record<string, DataSetSpec>;
  tables: Record<string, TableSpec>;
  checks?: Record<string, CheckSpec>;
  kpis?: Record<string, unknown>;
  charts?: Record<string, unknown>;
}

/** A CSV file (path relative to the spec that names it) or inline rows. */
export type DataSetSpec = string | { file?: string; rows?: Record<string, unknown>[] };

export interface TableSpec {
  description?: string;
  /** One key: the row driver's name, its options as value. */
  rows: Record<string, unknown>;
  columns: Record<string, ColumnSpec>;
  primary_key?: string[];
  indexes?: IndexSpec[];
  /** `false` keeps the table internal: generated and readable, not written. */
  write?: boolean;
  context?: ContextSpec;
}

export type IndexSpec = string[] | { columns: string[]; unique?: boolean };

export interface ContextSpec {
  sql: string;
  /** Column of the query result that matches `on`. */
  key: string;
  /** Path (in this table's rows) whose value looks up the context row. */
  on: string;
  tables?: string[];
  /** Result columns that hold dates (date values or ISO text): they read as the engine's dates. */
  dates?: string[];
}

export interface ColumnSpec {
  type: ColumnType;
  description?: string;
  primary_key?: boolean;
  not_null?: boolean;
  unique?: boolean;
  index?: boolean;
  /** Explicit foreign key `table.column` (a `ref` generator implies one). */
  references?: string;
  /** Text format of date/datetime values, e.g. `YYYY-MM-DD HH:mm:ss`. */
  format?: string;
  /** Probability that the value is NULL. */
  null_probability?: number;
  /** `false`: generated and readable by the row, not written. */
  write?: boolean;
  by?: string;
  cases?: Record<string, Record<string, unknown>>;
  [generator: string]: unknown;
}

export type CheckSpec = string | { sql: string; description?: string };

/** Column keys that are not generator names. */
export const COLUMN_BASE_KEYS = [
  'type',
  'description',
  'primary_key',
  'not_null',
  'unique',
  'index',
  'references',
  'format',
  'null_probability',
  'write',
  'by',
  'cases',
] as const;
