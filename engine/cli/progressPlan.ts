import type { CompiledSpec } from '../compile/compileSpec';
import { tablesWithDependencies } from '../graph/select';
import { plannedRows } from '../run/plannedRows';

/** A table the run will write, with the rows it plans (0 when they depend on tables not run yet). */
export interface PlannedTable {
  name: string;
  rows: number;
}

/** The tables a run goes through, in order, with their planned rows: what the progress display's ETA is measured against. */
export function progressPlan(compiled: CompiledSpec, tables: string[] | undefined, maxRows: number): PlannedTable[] {
  const selected = tables ? tablesWithDependencies(compiled, tables) : new Set(compiled.order);
  return compiled.order
    .filter((name) => selected.has(name))
    .map((name) => {
      const rows = plannedRows(compiled.tables.get(name)!, maxRows);
      // A count past the run's cap is refused by the run itself; here it only means "unknown".
      return { name, rows: Number.isFinite(rows) ? rows : 0 };
    });
}
