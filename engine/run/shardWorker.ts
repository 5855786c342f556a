/** A worker thread of `run --workers`: runs one shard of the spec, writing its parts. */
import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../errors/problem';
import { run } from '../index';
import { STOP, type ShardWorkerData, type ShardWorkerReply } from './shardWorkerMessages';

const { spec, options } = workerData as ShardWorkerData;
const port = parentPort!;
const stop = new AbortController();
port.on('message', (message) => message === STOP && stop.abort());

run(spec, { ...options, signal: stop.signal })
  .then(
    (result) => port.postMessage({ tables: result.tables } satisfies ShardWorkerReply),
    (err: unknown) => port.postMessage((err instanceof UserError ? { problems: err.problems } : { failure: (err as Error)?.stack ?? String(err) }) satisfies ShardWorkerReply),
  )
  // Listening must not keep the thread alive once it has replied.
  .finally(() => port.unref());
