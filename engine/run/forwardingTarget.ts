import type { MessagePort } from 'node:worker_threads';
import { sqlUnavailable } from '../targets/sql/readOnlySql';
import type { TableDef, Target } from '../targets/target';
import type { TableProgress } from './runCompiled';
import { WRITTEN, type ForwardedMessage } from './shardWorkerMessages';

/** Chunks a thread may have handed over and not seen written: bounds the rows waiting in memory. */
const CHUNKS_IN_FLIGHT = 2;

/**
 * The target of a worker thread whose rows the main thread writes: it passes each chunk on,
 * numbered (from the run's progress, which follows every chunk), so the main thread writes
 * chunks in a single run's order. No SQL here: context queries run on the thread's scratch database.
 */
export class ForwardingTarget implements Target {
  readonly capabilities = { sql: false, foreignKeys: false };
  readonly location = 'the main thread';
  private pending: { values: unknown[]; rowCount: number } | undefined;
  private inFlight = 0;
  private wake: (() => void) | undefined;

  constructor(
    private readonly port: MessagePort,
    stop: AbortSignal,
  ) {
    port.on('message', (message) => {
      if (message !== WRITTEN) return;
      this.inFlight--;
      this.wake?.();
    });
    // Stopped, no more chunks will be written: let the run reach its check for the signal.
    stop.addEventListener('abort', () => {
      this.inFlight = 0;
      this.wake?.();
    });
  }

  async open(): Promise<void> {}

  async createTable(def: TableDef): Promise<void> {
    this.send({ kind: 'create', def });
  }

  async writeRows(def: TableDef, values: unknown[], rowCount: number): Promise<void> {
    while (this.inFlight >= CHUNKS_IN_FLIGHT) await new Promise<void>((resolve) => (this.wake = resolve));
    // The run reuses its array for the next chunk.
    this.pending = { values: values.slice(0, rowCount * def.columns.length), rowCount };
  }

  /** The run's progress after every chunk and at the end of every table. */
  readonly chunkDone = (progress: TableProgress): void => {
    if (progress.done) return this.send({ kind: 'end', table: progress.table, chunks: progress.chunks });
    const rows = this.pending;
    this.pending = undefined;
    if (rows) this.inFlight++;
    this.send({ kind: 'chunk', table: progress.table, chunk: progress.chunk - 1, values: rows?.values, rowCount: rows?.rowCount ?? 0 });
  };

  async endTable(): Promise<void> {}

  async query(): Promise<Record<string, unknown>[]> {
    throw sqlUnavailable('forwarding');
  }

  async commit(): Promise<void> {}

  async abort(): Promise<void> {}

  private send(message: ForwardedMessage): void {
    this.port.postMessage(message);
  }
}
