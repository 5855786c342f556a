import type { CompiledTable } from '../compile/compileSpec';

const OVER_LIMIT = Symbol('over limit');

/**
 * The rows a table's driver will emit, found without generating a column: its first and
 * last chunks are emitted into a counter, and every chunk between counts as the first.
 * Exact for drivers that fill their chunks (`count`, `static`), an estimate for others
 * (`per_parent`); 0 when the driver cannot tell yet (it reads tables that have not run).
 * Counting stops past `limit` (the result is then Infinity), so a runaway count costs no
 * more than the limit. Streams are reseeded before every real chunk, so counting draws
 * nothing from the run. With `firstChunkOnly`, every chunk counts as the first: an upper
 * bound for drivers that fill their chunks, at half the counting.
 */
export function plannedRows(table: CompiledTable, limit: number, firstChunkOnly = false): number {
  const { driver, streams } = table;
  let rows = 0;
  const count = () => {
    if (++rows > limit) throw OVER_LIMIT;
  };
  const emitted = (chunk: number): number => {
    rows = 0;
    streams.reseed(chunk);
    const paused = driver.emitChunk(chunk, count);
    // Nothing is held while counting: a driver that pauses is resumed at once.
    while (paused && !paused.next().done);
    return rows;
  };
  try {
    const chunks = driver.chunkCount();
    if (!(chunks > 0)) return 0;
    const first = emitted(0);
    if (chunks === 1) return first;
    if (firstChunkOnly) return first * chunks <= limit ? first * chunks : Infinity;
    const middle = first * (chunks - 2);
    if (!(first + middle <= limit)) return Infinity;
    return first + middle + emitted(chunks - 1);
  } catch (err) {
    if (err === OVER_LIMIT) return Infinity;
    // The run itself reports whatever stopped the count, with its table and column.
    return 0;
  }
}
