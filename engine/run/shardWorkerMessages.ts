import type { UserError } from '../errors/problem';
import type { RunSpecOptions } from '../index';
import type { TableResult } from './runCompiled';

/** What a worker thread of `run --workers` is started with. */
export interface ShardWorkerData {
  spec: string;
  options: RunSpecOptions;
}

/** Its last message: the tables of its shard, or why it failed. */
export type ShardWorkerReply = { tables: TableResult[] } | { problems: UserError['problems'] } | { failure: string };

/** Main thread to worker: stop between chunks (SIGINT, or another thread failed). */
export const STOP = 'stop';
