import type { TableProgress } from '../run/runCompiled';
import { fitWidth, ProgressTally } from './progressLines';
import type { PlannedTable } from './progressPlan';

export interface Progress {
  update: (progress: TableProgress) => void;
  stop: () => void;
}

/** Redraws of the live lines at most this often: a chunk can take well under a millisecond. */
const REDRAW_MS = 100;
/** Plain logs get a line per finished table, and one this often while a long table runs. */
const PLAIN_EVERY_MS = 10_000;

/**
 * Progress on stderr: on a terminal, live lines (one per table being written, then the run's
 * rows, rows/s, ETA and tables done) cut to the terminal's width and erased when the run ends;
 * elsewhere nothing, unless `force` asks for plain lines (CI logs).
 */
export function createProgress(stream: NodeJS.WriteStream, plan: PlannedTable[], force = false): Progress | undefined {
  if (stream.isTTY) return liveProgress(stream, new ProgressTally(plan));
  if (force) return plainProgress(stream, new ProgressTally(plan));
  return undefined;
}

function liveProgress(stream: NodeJS.WriteStream, tally: ProgressTally): Progress {
  const started = performance.now();
  let drawn = 0;
  let lastDraw = -Infinity;
  const erase = () => {
    if (drawn > 0) stream.write(`\x1b[${drawn}A\x1b[J`);
    drawn = 0;
  };
  const draw = () => {
    // One column spare: a line filling the last column wraps early on some terminals.
    const width = Math.max(20, (stream.columns || 80) - 1);
    const lines = [...tally.running.map((p) => tally.tableLine(p)), tally.overallLine((performance.now() - started) / 1000)];
    erase();
    stream.write(lines.map((line) => fitWidth(line, width) + '\n').join(''));
    drawn = lines.length;
    lastDraw = performance.now();
  };
  let stopped = false;
  return {
    update: (p) => {
      if (stopped) return;
      tally.record(p);
      // A finished table is drawn away at once; otherwise redraws are spaced out.
      if (p.done || performance.now() - lastDraw >= REDRAW_MS) draw();
    },
    stop: () => {
      if (!stopped) erase();
      stopped = true;
    },
  };
}

function plainProgress(stream: NodeJS.WriteStream, tally: ProgressTally): Progress {
  const started = performance.now();
  let lastLine = started;
  const seconds = () => (performance.now() - started) / 1000;
  return {
    update: (p) => {
      tally.record(p);
      const now = performance.now();
      if (p.done) stream.write(`${ProgressTally.doneLine(p)} | ${tally.overallLine(seconds())}\n`);
      else if (now - lastLine >= PLAIN_EVERY_MS) stream.write(`${tally.tableLine(p).trim()} | ${tally.overallLine(seconds())}\n`);
      else return;
      lastLine = now;
    },
    stop: () => undefined,
  };
}
