import type { CompiledSpec } from '../compile/compileSpec';
import { userError } from '../errors/problem';
import { suggestName } from '../spec/suggest';

/** The named tables and every table they depend on or refer to, transitively (`--tables a,b`). */
export function tablesWithDependencies(compiled: CompiledSpec, names: string[]): Set<string> {
  const selected = new Set<string>();
  // A list of tables to visit, not recursion: a chain of thousands of tables is no deeper on the stack.
  const pending = [...names].reverse();
  while (pending.length) {
    const name = pending.pop()!;
    if (selected.has(name)) continue;
    const table = compiled.tables.get(name);
    if (!table) {
      throw userError('SPEC_UNKNOWN_TABLE', `--tables names "${name}", which is not a table of the spec`, { hint: suggestName(name, compiled.order, 'table') });
    }
    selected.add(name);
    for (const dependency of table.edges.keys()) pending.push(dependency);
    // The tables its foreign keys point at, which may be written after it: a key must find its rows.
    for (const column of table.def.columns) if (column.references) pending.push(column.references.table);
    for (const key of table.def.foreignKeys ?? []) pending.push(key.table);
  }
  return selected;
}
