import type { CompiledTable } from '../compile/compileSpec';
import type { CompiledColumn } from '../compile/column';
import { contextList } from '../spec/contextList';

/**
 * The columns a chunk must still generate when its rows are not written (another shard
 * writes them): those later tables read, the columns they are made from, and unique
 * and no_overlap columns, whose values depend on every earlier chunk. Each column draws from its own
 * streams, so leaving the others out changes none of these values. In generation order.
 */
export function columnsForReaders(table: CompiledTable): CompiledColumn[] {
  const needed = new Set<string>(table.store.keptColumns);
  for (const column of table.columns) if (table.spec.columns[column.name].unique === true) needed.add(column.name);
  // Whether a row is drawn again for overlapping depends on the rows of every earlier chunk.
  for (const rule of table.noOverlap) for (const column of [rule.per, rule.start, rule.end]) needed.add(column);
  // A context row is found through its `on`, read outside any column.
  for (const { spec } of contextList(table.spec)) {
    const onColumn = spec.on.split('.')[0];
    if (Object.hasOwn(table.spec.columns, onColumn)) needed.add(onColumn);
  }
  for (const name of [...needed]) addInputs(table, name, needed);
  return table.columns.filter((column) => needed.has(column.name));
}

function addInputs(table: CompiledTable, column: string, needed: Set<string>): void {
  for (const input of table.scope.columnReads.get(column) ?? []) {
    if (needed.has(input)) continue;
    needed.add(input);
    addInputs(table, input, needed);
  }
}
