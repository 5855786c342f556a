import type { Worker } from 'node:worker_threads';
import type { TableDef, Target } from '../targets/target';
import { WRITTEN, type ForwardedMessage } from './shardWorkerMessages';

interface TableState {
  def?: TableDef;
  nextChunk: number;
  /** Per chunk: how many threads reported it, and the rows of the one that owns it. */
  reports: Map<number, { threads: number; rows?: { values: unknown[]; rowCount: number; from: Worker } }>;
  ends: number;
  chunks: number;
  ended: boolean;
}

/**
 * The main thread's one writer for `run --workers` into a database: takes the chunks the
 * threads forward and writes each table's chunks in order, once every thread has reported
 * the chunk, so the rows land as a single run writes them. Target calls run one at a time.
 */
export class ChunkWriter {
  private readonly tables = new Map<string, TableState>();
  private queue: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(
    private readonly target: Target,
    private readonly threads: number,
    /** Called once, on the first failed write: the threads should stop. */
    private readonly onFailure: () => void,
  ) {}

  receive(message: ForwardedMessage, from: Worker): void {
    const state = this.state(message.kind === 'create' ? message.def.name : message.table);
    if (message.kind === 'create') {
      this.enqueue(async () => {
        if (state.def) return;
        state.def = message.def;
        await this.target.createTable(message.def);
      });
      return;
    }
    if (message.kind === 'chunk') {
      const report = state.reports.get(message.chunk) ?? { threads: 0 };
      report.threads++;
      if (message.values) report.rows = { values: message.values, rowCount: message.rowCount, from };
      state.reports.set(message.chunk, report);
    } else {
      state.ends++;
      state.chunks = message.chunks;
    }
    this.enqueue(() => this.flush(state));
  }

  /** Resolves when everything received is written; rejects with the first write that failed. */
  async finished(): Promise<void> {
    await this.queue;
    if (this.failure !== undefined) throw this.failure;
  }

  private async flush(state: TableState): Promise<void> {
    for (let report = state.reports.get(state.nextChunk); report?.threads === this.threads; report = state.reports.get(state.nextChunk)) {
      state.reports.delete(state.nextChunk++);
      if (!report.rows) continue;
      await this.target.writeRows(state.def!, report.rows.values, report.rows.rowCount);
      report.rows.from.postMessage(WRITTEN);
    }
    if (state.def && !state.ended && state.ends === this.threads && state.nextChunk === state.chunks) {
      state.ended = true;
      await this.target.endTable(state.def);
    }
  }

  private state(table: string): TableState {
    let state = this.tables.get(table);
    if (!state) this.tables.set(table, (state = { nextChunk: 0, reports: new Map(), ends: 0, chunks: -1, ended: false }));
    return state;
  }

  /** After a failure nothing more is written; the run aborts the target. */
  private enqueue(step: () => Promise<void>): void {
    this.queue = this.queue.then(async () => {
      if (this.failure !== undefined) return;
      try {
        await step();
      } catch (err) {
        this.failure = err;
        this.onFailure();
      }
    });
  }
}
