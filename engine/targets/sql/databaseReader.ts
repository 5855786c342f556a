import type { QueryBounds } from './queryBounds';

/** Read-only access to a generated database, for checks and reports. */
export interface DatabaseReader {
  readonly location: string;
  /** Rows of a read-only query, analysed by the spec SQL gate (engine/sql), its `{{ macros }}` expanded; `:as_of` and other named parameters are bound from `params`. */
  query(sql: string, params?: Record<string, unknown>): Promise<Record<string, unknown>[]>;
  /** Rows that break a foreign key, as `table: count`, where the database can tell. */
  foreignKeyViolations(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/** How a reader is opened. */
export interface ReaderOptions {
  /** The schema (PostgreSQL) or database (MariaDB/MySQL) to read instead of the URL's default. */
  schema?: string;
  /** The tables spec SQL may read: the dataset's written tables (engine/sql/specSqlPieces.ts); without them, a query may read none. */
  tables?: string[];
  /** The time limit and the signal of every query it runs. */
  bounds?: QueryBounds;
}

/** Named parameters the query uses (`:name`), so drivers are not handed bindings they refuse. */
export function usedParams(sql: string, params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([name]) => new RegExp(`[:@$]${name}\\b`).test(sql)));
}
