import { UserError } from '../../errors/problem';
import type { LoadedSpec } from '../../spec/load';
import type { DatabaseReader } from '../database';
import { problemAt } from '../kpis';

export interface TableCount {
  table: string;
  rows: number;
  description?: string;
}

/** The rows of every table the spec writes, in the spec's order, counted in the database. */
export async function rowCounts(loaded: LoadedSpec, reader: DatabaseReader): Promise<TableCount[]> {
  const counts: TableCount[] = [];
  for (const [table, spec] of Object.entries(loaded.spec.tables ?? {})) {
    if (spec.write === false) continue;
    let rows: Record<string, unknown>[];
    try {
      rows = await reader.query(`SELECT COUNT(*) AS n FROM "${table}"`);
    } catch (err) {
      // Stopped at the time limit or by a signal: that is the error, not the database.
      if (err instanceof UserError) throw err;
      throw new UserError([
        problemAt(loaded, 'TARGET_UNREACHABLE', ['tables', table], `cannot count the rows of table "${table}": ${(err as Error).message}`, `is ${reader.location} this spec's database? Run the spec again if it is older than the table`),
      ]);
    }
    counts.push({ table, rows: Number(rows[0].n), ...(spec.description ? { description: spec.description.trim() } : {}) });
  }
  return counts;
}
