/** A worker thread of `run --workers`: runs one shard of the spec into the folder it is given. */
import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../errors/problem';
import { run, type RunSpecOptions } from '../index';
import type { TableResult } from './runCompiled';

export interface ShardWorkerData {
  spec: string;
  options: RunSpecOptions;
}

export type ShardWorkerReply = { tables: TableResult[] } | { problems: UserError['problems'] } | { failure: string };

const { spec, options } = workerData as ShardWorkerData;
run(spec, options).then(
  (result) => parentPort!.postMessage({ tables: result.tables } satisfies ShardWorkerReply),
  (err: unknown) => parentPort!.postMessage((err instanceof UserError ? { problems: err.problems } : { failure: (err as Error)?.stack ?? String(err) }) satisfies ShardWorkerReply),
);
