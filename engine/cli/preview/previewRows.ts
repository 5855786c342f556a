import { compileSpec, type CompileOptions } from '../../compile/compileSpec';
import { UserError, userError } from '../../errors/problem';
import { runCompiled } from '../../run/runCompiled';
import type { LoadedSpec } from '../../spec/load';
import { suggestName } from '../../spec/suggest';
import { FirstRowsTarget } from '../../targets/memory/firstRowsTarget';
import type { ColumnDef } from '../../targets/target';

/** The scales tried first, as shares of the requested one; then the requested scale itself. */
const SMALL_SHARES = [0.001, 0.01, 0.1];

export interface PreviewRows {
  table: string;
  columns: ColumnDef[];
  rows: unknown[][];
  /** The scale the rows were generated at. */
  scale: number;
}

/**
 * The first `rows` rows of one table, generated with only the tables it needs, in memory:
 * at 1/1000 of the scale, then ten times more each try until the table has enough rows
 * (or the full scale is reached), so a preview of a large dataset costs a small run.
 */
export async function previewRows(loaded: LoadedSpec, table: string | undefined, rows: number, options: CompileOptions & { signal?: AbortSignal }): Promise<PreviewRows> {
  const full = options.scale ?? 1;
  const name = chosenTable(loaded, table, { ...options, target: 'memory' });
  for (const share of SMALL_SHARES) {
    const target = new FirstRowsTarget(name, rows);
    try {
      await runInto(loaded, name, target, full * share, options);
    } catch (err) {
      // A spec may not hold at a tiny scale; only the full scale's failure is the spec's.
      if (!(err instanceof UserError) || options.signal?.aborted) throw err;
    }
    if (target.total >= rows) return { table: name, columns: target.columns, rows: target.rows, scale: full * share };
  }
  const target = new FirstRowsTarget(name, rows);
  await runInto(loaded, name, target, full, options);
  return { table: name, columns: target.columns, rows: target.rows, scale: full };
}

async function runInto(loaded: LoadedSpec, table: string, target: FirstRowsTarget, scale: number, options: CompileOptions & { signal?: AbortSignal }): Promise<void> {
  const compiled = compileSpec(loaded, { ...options, scale, target: 'memory' });
  await runCompiled(compiled, target, { tables: [table], signal: options.signal });
}

/** The table asked for, or the spec's only written table; a misspelt or missing name lists the tables. */
function chosenTable(loaded: LoadedSpec, table: string | undefined, options: CompileOptions): string {
  const compiled = compileSpec(loaded, { ...options, scale: (options.scale ?? 1) * SMALL_SHARES[0] });
  const written = compiled.order.filter((name) => compiled.tables.get(name)!.written);
  if (table === undefined) {
    if (written.length === 1) return written[0];
    throw userError('SPEC_UNKNOWN_TABLE', `the spec has ${written.length} tables: --table names the one to preview`, { hint: suggestName('', written, 'table') });
  }
  if (!written.includes(table)) {
    throw userError('SPEC_UNKNOWN_TABLE', `--table names "${table}", which is not a written table of the spec`, { hint: suggestName(table, written, 'table') });
  }
  return table;
}
