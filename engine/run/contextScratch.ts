import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompiledTable } from '../compile/compileSpec';
import { SqliteTarget } from '../targets/sqlite/sqliteTarget';
import type { TableDef, Target } from '../targets/target';
import { namesInSql } from './namesInSql';

/**
 * Where context queries run when the target cannot run SQL (CSV, Parquet): a throwaway
 * SQLite file that receives the same rows as the target for the tables the queries read,
 * so the queries see what a SQLite run would. Of each table it keeps only the columns the
 * queries name, and the primary key: the rest cost time to insert and nothing can read
 * them (on TPC-H's lineitem, 6 of 16 columns, without its comments). Deleted when the run
 * ends, however it ends.
 */
export class ContextScratch {
  private readonly folder: string;
  private readonly database: SqliteTarget;
  /** Per table, the positions of the columns kept, when not all are. */
  private readonly kept = new Map<string, { def: TableDef; positions: number[] }>();
  /** The kept columns' values of one batch, reused. */
  private readonly projected: unknown[] = [];

  private constructor(
    readonly tables: ReadonlySet<string>,
    /** Names the queries state, lower-cased; undefined when some query may read any column. */
    private readonly names: ReadonlySet<string> | undefined,
  ) {
    this.folder = mkdtempSync(join(tmpdir(), 'hopify-context-'));
    this.database = new SqliteTarget(join(this.folder, 'context.db'));
  }

  /** A scratch database when some table has a context query and `target` cannot answer it; undefined otherwise. */
  static forRun(tables: CompiledTable[], target: Target): ContextScratch | undefined {
    if (target.capabilities.sql || !tables.some((t) => t.context)) return undefined;
    const queries = tables.flatMap((t) => t.context?.queries ?? []);
    const named = queries.map((query) => namesInSql(query.sql));
    const names = named.every((n) => n !== undefined) ? new Set(named.flatMap((n) => [...n!])) : undefined;
    return new ContextScratch(new Set(queries.flatMap((query) => query.tables)), names);
  }

  get target(): Target {
    return this.database;
  }

  open(): Promise<void> {
    return this.database.open();
  }

  /** The table without foreign keys (the tables it points at may not be here), and without the columns no query names. */
  createTable(table: TableDef): Promise<void> {
    const keeps = (name: string) => !this.names || this.names.has(name.toLowerCase()) || table.primaryKey.includes(name);
    const positions = table.columns.flatMap((column, i) => (keeps(column.name) ? [i] : []));
    const columns = positions.map((i) => {
      const { references: _, ...column } = table.columns[i];
      return column;
    });
    const def: TableDef = {
      ...table,
      columns,
      // An index stays where the queries may use it, so they see the plans, and the row order, of a SQLite run.
      indexes: table.indexes.filter((index) => index.columns.every(keeps)),
      foreignKeys: undefined,
    };
    if (positions.length < table.columns.length) this.kept.set(table.name, { def, positions });
    return this.database.createTable(def);
  }

  /** `rowCount` rows of the table, as the target received them. */
  async writeRows(table: TableDef, values: unknown[], rowCount: number): Promise<void> {
    const kept = this.kept.get(table.name);
    if (!kept) return this.database.writeRows(table, values, rowCount);
    const { positions, def } = kept;
    const width = table.columns.length;
    const out = this.projected;
    let k = 0;
    for (let row = 0, at = 0; row < rowCount; row++, at += width) for (const position of positions) out[k++] = values[at + position];
    await this.database.writeRows(def, out, rowCount);
  }

  endTable(table: TableDef): Promise<void> {
    return this.database.endTable(this.kept.get(table.name)?.def ?? table);
  }

  async close(): Promise<void> {
    await this.database.abort().catch(() => undefined);
    rmSync(this.folder, { recursive: true, force: true });
  }
}
