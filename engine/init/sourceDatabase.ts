/**
 * What `init --from` reads of an existing database: its structure, and bounded, deterministic
 * samples of its values. One reader per dialect implements it; the profiler that turns it into a
 * spec sees only this, so it never depends on which server the data came from.
 */

/** A column's type as the engine's spec language can express it; `unsupported` keeps the declared text. */
export type SourceTypeKind = 'integer' | 'real' | 'decimal' | 'varchar' | 'char' | 'text' | 'boolean' | 'date' | 'datetime' | 'unsupported';

export interface SourceType {
  kind: SourceTypeKind;
  /** decimal(precision, scale) */
  precision?: number;
  scale?: number;
  /** varchar(length) / char(length) */
  length?: number;
  /** The type as the database declares it, e.g. `NUMERIC(12,2)`, `character varying(40)`, `geometry`. */
  declared: string;
}

export interface SourceColumn {
  name: string;
  type: SourceType;
  notNull: boolean;
  /** Unique on its own (a one-column unique constraint or unique index). */
  unique: boolean;
}

export interface SourceForeignKey {
  columns: string[];
  table: string;
  referencedColumns: string[];
}

export interface SourceIndex {
  columns: string[];
  unique: boolean;
}

export interface SourceTable {
  name: string;
  /** In the database's declared order. */
  columns: SourceColumn[];
  primaryKey: string[];
  foreignKeys: SourceForeignKey[];
  /** Indexes other than the primary key's. */
  indexes: SourceIndex[];
  rowCount: number;
}

export interface SourceSchema {
  dialect: 'sqlite' | 'postgres' | 'mysql';
  /** Where it came from, for the spec's header comment (never a password). */
  displayName: string;
  tables: SourceTable[];
}

/**
 * Values come back normalised whatever the dialect: integers and reals as `number` (a decimal too),
 * booleans as `boolean`, dates as `YYYY-MM-DD`, datetimes as `YYYY-MM-DD HH:MM:SS`, other values as
 * `string`, SQL NULL as `null`. Samples are deterministic (the same database gives the same sample)
 * and spread over the whole table, not its first rows.
 */
export type SourceRow = Record<string, unknown>;

/** A parent row (every column) and how many children refer to it. */
export interface ParentCount {
  parent: SourceRow;
  count: number;
}

export interface SourceDatabase {
  schema(): Promise<SourceSchema>;
  /** Up to `limit` rows of `table`, every column. */
  sample(table: string, limit: number): Promise<SourceRow[]>;
  /**
   * Up to `limit` rows of the referenced (parent) table, spread over it as a sample is, each with
   * how many rows of `table` refer to it through `foreignKey`, zeros included: the fan-out a
   * `per_parent` driver reproduces, and what it depends on in the parent, on tables of any size.
   */
  childCounts(table: string, foreignKey: SourceForeignKey, limit: number): Promise<ParentCount[]>;
  /**
   * Up to `limit` rows of `table` joined to the row their `foreignKey` refers to: each item has the
   * child's columns under `row` and the parent's under `parent` (children whose key is NULL are left out).
   */
  sampleWithParent(table: string, foreignKey: SourceForeignKey, limit: number): Promise<Array<{ row: SourceRow; parent: SourceRow }>>;
  close(): Promise<void>;
}
