/** A worker thread of `run --workers`: runs one shard of the spec into the folder it is given. */
import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../errors/problem';
import { run } from '../index';
import { STOP, type ShardWorkerData, type ShardWorkerReply } from './shardWorkerMessages';

const { spec, options } = workerData as ShardWorkerData;
const stop = new AbortController();
parentPort!.on('message', (message) => message === STOP && stop.abort());
// Listening must not keep the thread alive once its run has ended.
parentPort!.unref();
run(spec, { ...options, signal: stop.signal }).then(
  (result) => parentPort!.postMessage({ tables: result.tables } satisfies ShardWorkerReply),
  (err: unknown) => parentPort!.postMessage((err instanceof UserError ? { problems: err.problems } : { failure: (err as Error)?.stack ?? String(err) }) satisfies ShardWorkerReply),
);
