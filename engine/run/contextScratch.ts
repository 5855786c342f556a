import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompiledTable } from '../compile/compileSpec';
import { SqliteTarget } from '../targets/sqlite/sqliteTarget';
import type { TableDef, Target } from '../targets/target';

/**
 * Where context queries run when the target cannot run SQL (CSV, Parquet): a throwaway
 * SQLite file that receives the same rows as the target for the tables the queries read,
 * so the queries see what a SQLite run would. Deleted when the run ends, however it ends.
 */
export class ContextScratch {
  private readonly folder: string;
  private readonly database: SqliteTarget;

  private constructor(readonly tables: ReadonlySet<string>) {
    this.folder = mkdtempSync(join(tmpdir(), 'hopify-context-'));
    this.database = new SqliteTarget(join(this.folder, 'context.db'));
  }

  /** A scratch database when some table has a context query and `target` cannot answer it; undefined otherwise. */
  static forRun(tables: CompiledTable[], target: Target): ContextScratch | undefined {
    if (target.capabilities.sql || !tables.some((t) => t.context)) return undefined;
    return new ContextScratch(new Set(tables.flatMap((t) => t.context?.tables ?? [])));
  }

  get target(): Target {
    return this.database;
  }

  open(): Promise<void> {
    return this.database.open();
  }

  /** The table without foreign keys: the tables it points at may not be here. */
  createTable(table: TableDef): Promise<void> {
    return this.database.createTable({ ...table, columns: table.columns.map(({ references: _, ...column }) => column), foreignKeys: undefined });
  }

  async close(): Promise<void> {
    await this.database.abort().catch(() => undefined);
    rmSync(this.folder, { recursive: true, force: true });
  }
}
