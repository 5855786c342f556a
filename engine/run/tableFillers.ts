import type { Row } from '../contract';
import type { CompiledTable } from '../compile/compileSpec';
import type { CompiledColumn } from '../compile/column';
import { compileRowFiller, type FillerPosition, type RowFiller } from '../compile/rowFiller';
import { OverlapGuard } from './noOverlap';

/** How one table run fills its rows. */
export interface TableFillers {
  /** Every column, and the output values. */
  written: RowFiller;
  /** Only what later tables read (a chunk written by another shard). */
  forReaders: RowFiller;
  /** Called as each chunk starts; `computed` is false for a chunk another shard generates. */
  startChunk(computed: boolean): void;
}

/**
 * A table's fillers with its row rules around them: sorted children get their held ordering
 * columns back (the filler makes the others), `previous.*` follows the parent's rows, and
 * `no_overlap:` draws an overlapping row again. `readerColumns`: the columns a chunk written
 * by another shard still makes (all when undefined).
 */
export function tableFillers(table: CompiledTable, readerColumns: CompiledColumn[] | undefined, position: FillerPosition, row: Row, rowIndex: () => number): TableFillers {
  const order = table.scope.childOrder;
  const previous = table.scope.previous;
  const first = new Set(order?.firstColumns.map((c) => c.name));
  const guard = table.noOverlap.length ? new OverlapGuard(table.noOverlap, new Map(table.columns.map((c) => [c.name, c]))) : undefined;
  const around = (columns: CompiledColumn[], output: CompiledColumn[]): RowFiller => {
    const later = columns.filter((c) => !first.has(c.name));
    let fill = compileRowFiller(later, output, position);
    if (guard) fill = guard.guard(fill, later);
    if (previous.readers.size) fill = previous.around(fill);
    return order ? order.restoring(fill) : fill;
  };
  order?.start({ row, rowIndex, fillFirst: compileRowFiller(order.firstColumns, [], position) });
  return {
    written: around(table.columns, table.outputColumns),
    forReaders: around(readerColumns ?? table.columns, []),
    startChunk(computed) {
      previous.startChunk();
      order?.startChunk(computed);
    },
  };
}
