import type { CompiledSpec } from '../compile/compileSpec';
import { userError } from '../errors/problem';
import { suggestName } from '../spec/suggest';

/** The named tables and every table they depend on or refer to, transitively (`--tables a,b`). */
export function tablesWithDependencies(compiled: CompiledSpec, names: string[]): Set<string> {
  const selected = new Set<string>();
  const visit = (name: string) => {
    if (selected.has(name)) return;
    const table = compiled.tables.get(name);
    if (!table) {
      throw userError('SPEC_UNKNOWN_TABLE', `--tables names "${name}", which is not a table of the spec`, { hint: suggestName(name, compiled.order, 'table') });
    }
    selected.add(name);
    for (const dependency of table.edges.keys()) visit(dependency);
    // The tables its foreign keys point at, which may be written after it: a key must find its rows.
    for (const column of table.def.columns) if (column.references) visit(column.references.table);
  };
  names.forEach(visit);
  return selected;
}
