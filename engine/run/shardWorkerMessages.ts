import type { UserError } from '../errors/problem';
import type { RunSpecOptions } from '../index';
import type { TableDef } from '../targets/target';
import type { TableResult } from './runCompiled';

/** What a worker thread of `run --workers` is started with. */
export interface ShardWorkerData {
  spec: string;
  options: RunSpecOptions;
  /** Hand the rows to the main thread's one writer (a database target) instead of writing parts. */
  forward: boolean;
}

/** Its last message: the tables of its shard, or why it failed. */
export type ShardWorkerReply = { tables: TableResult[] } | { problems: UserError['problems'] } | { failure: string };

/** Before the reply, a forwarding thread sends its tables and chunks (every chunk, its rows only if it owns them). */
export type ForwardedMessage =
  | { kind: 'create'; def: TableDef }
  | { kind: 'chunk'; table: string; chunk: number; values?: unknown[]; rowCount: number }
  | { kind: 'end'; table: string; chunks: number };

/** Main thread to worker: stop between chunks (SIGINT, or another thread failed). */
export const STOP = 'stop';
/** Main thread to a forwarding worker: one of its chunks is written. */
export const WRITTEN = 'written';
