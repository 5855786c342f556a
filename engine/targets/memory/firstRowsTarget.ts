import { userError } from '../../errors/problem';
import type { TableDef, Target } from '../target';

/**
 * Keeps the first `limit` rows of one table in memory and drops every other row: a run
 * into it writes nothing anywhere. It cannot run SQL, so context queries go to the run's
 * scratch database, as for CSV.
 */
export class FirstRowsTarget implements Target {
  readonly capabilities = { sql: false, foreignKeys: false };
  readonly location = 'memory';
  /** The kept rows, each an array in the order of `columns`. */
  readonly rows: unknown[][] = [];
  columns: TableDef['columns'] = [];
  /** Rows the table had in all, kept or not. */
  total = 0;

  constructor(
    private readonly table: string,
    private readonly limit: number,
  ) {}

  async open(): Promise<void> {}

  async createTable(table: TableDef): Promise<void> {
    if (table.name === this.table) this.columns = table.columns;
  }

  writeRows(table: TableDef, values: unknown[], rowCount: number): void {
    if (table.name !== this.table) return;
    const width = table.columns.length;
    for (let i = 0; i < rowCount && this.rows.length < this.limit; i++) this.rows.push(values.slice(i * width, (i + 1) * width));
    this.total += rowCount;
  }

  async endTable(): Promise<void> {}

  async query(): Promise<Record<string, unknown>[]> {
    throw userError('TARGET_UNREACHABLE', 'an in-memory preview cannot run SQL');
  }

  async commit(): Promise<void> {}

  async abort(): Promise<void> {}
}
