/** A worker thread of `run --workers`: runs one shard of the spec, writing parts or forwarding rows to the main thread. */
import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../errors/problem';
import { compileSpecFile, run } from '../index';
import { ForwardingTarget } from './forwardingTarget';
import { runCompiled, type RunResult } from './runCompiled';
import { STOP, type ShardWorkerData, type ShardWorkerReply } from './shardWorkerMessages';

const { spec, options, forward } = workerData as ShardWorkerData;
const port = parentPort!;
const stop = new AbortController();
port.on('message', (message) => message === STOP && stop.abort());

function runShard(): Promise<RunResult> {
  if (!forward) return run(spec, { ...options, signal: stop.signal });
  const target = new ForwardingTarget(port, stop.signal);
  return Promise.resolve().then(() => runCompiled(compileSpecFile(spec, options), target, { ...options, signal: stop.signal, onProgress: target.chunkDone }));
}

runShard()
  .then(
    (result) => port.postMessage({ tables: result.tables } satisfies ShardWorkerReply),
    (err: unknown) => port.postMessage((err instanceof UserError ? { problems: err.problems } : { failure: (err as Error)?.stack ?? String(err) }) satisfies ShardWorkerReply),
  )
  // Listening must not keep the thread alive once it has replied.
  .finally(() => port.unref());
