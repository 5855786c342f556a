import { MultiBar, Presets } from 'cli-progress';
import type { TableProgress } from '../run/runCompiled';

export interface Progress {
  update: (progress: TableProgress) => void;
  stop: () => void;
}

/** Bars per table on a terminal; one plain line per finished table otherwise (logs, CI). */
export function createProgress(stream: NodeJS.WriteStream): Progress {
  if (!stream.isTTY) {
    return {
      update: (p) => {
        if (p.done) stream.write(`${p.table}: ${p.rows} rows\n`);
      },
      stop: () => undefined,
    };
  }
  const bars = new MultiBar({ stream, format: ' {table} [{bar}] {value}/{total} chunks, {rows} rows', hideCursor: true, clearOnComplete: false }, Presets.shades_classic);
  const byTable = new Map<string, ReturnType<MultiBar['create']>>();
  let stopped = false;
  return {
    update: (p) => {
      let bar = byTable.get(p.table);
      if (!bar) {
        bar = bars.create(Math.max(1, p.chunks), 0, { table: p.table.padEnd(20), rows: 0 });
        byTable.set(p.table, bar);
      }
      bar.update(Math.max(p.chunk, p.done ? p.chunks : 0), { rows: p.rows });
    },
    stop: () => {
      if (!stopped) bars.stop();
      stopped = true;
    },
  };
}
