import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { UserError } from '../errors/problem';
import type { RunSpecOptions } from '../index';
import type { Shard } from '../shard/shard';
import { StagedFolder } from '../targets/csv/stagedFolder';
import { resolveTarget } from '../targets/resolveTarget';
import type { RunResult, TableResult } from './runCompiled';
import { STOP, type ShardWorkerData, type ShardWorkerReply } from './shardWorkerMessages';

/** What `run --workers` passes on to every thread: the options that can cross a thread boundary. */
export type WorkerRunOptions = Pick<RunSpecOptions, 'seed' | 'scale' | 'set' | 'asOf' | 'allowPaths' | 'tables' | 'maxRows'> & {
  /** This machine's shard, split further among the threads. */
  shard?: Shard;
  signal?: AbortSignal;
};

/**
 * `run --workers W`: W worker threads, thread w generating shard w of W (of shard k/N:
 * shard k + N·w of N·W, so parts never collide) as parts of a CSV or Parquet folder.
 * Without `--shard`, the threads write into a folder beside the output that replaces it
 * only when every thread has finished; with it, each part is published as a shard's is.
 */
export async function runInWorkers(spec: string, where: string, workers: number, options: WorkerRunOptions): Promise<RunResult> {
  const started = performance.now();
  const machine = options.shard ?? { index: 0, count: 1 };
  // Refuses, before any thread starts, targets that cannot take parts.
  const location = resolveTarget(where, { part: machine.index }).location;
  const staged = options.shard ? undefined : new StagedFolder(location);
  staged?.open();
  // `<kind>:<folder>` with the staging folder in place of the output.
  const threadWhere = staged ? where.replace(/^([a-z][a-z0-9+]*:)[\s\S]*$/i, `$1${staged.temp}`) : where;
  const { signal, ...cloneable } = options;
  const threads = Array.from({ length: workers }, (_, w) => {
    const data: ShardWorkerData = { spec, options: { ...cloneable, target: threadWhere, shard: { index: machine.index + machine.count * w, count: machine.count * workers } } };
    return new Worker(join(__dirname, 'shardWorker.js'), { workerData: data });
  });
  // Asked, not terminated: a thread stops between chunks and cleans up (its scratch database) itself.
  const stopAll = () => threads.forEach((thread) => thread.postMessage(STOP));
  signal?.addEventListener('abort', stopAll);
  try {
    const pending = threads.map((thread) => replyOf(thread));
    for (const reply of pending) reply.catch(stopAll);
    // Every thread has ended before the staging folder is swapped in or thrown away.
    const settled = await Promise.allSettled(pending);
    const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
    if (failures.length) throw failures.find((f) => !isInterruption(f)) ?? failures[0];
    const replies = settled.map((s) => (s as PromiseFulfilledResult<TableResult[]>).value);
    staged?.commit();
    // A table's rows are its threads' rows; it took as long as its slowest thread.
    const tables = replies[0].map((t, i) => ({
      ...t,
      rows: replies.reduce((sum, reply) => sum + reply[i].rows, 0),
      seconds: Math.max(...replies.map((reply) => reply[i].seconds)),
    }));
    return { output: location, seconds: (performance.now() - started) / 1000, rows: tables.reduce((sum, t) => sum + t.rows, 0), tables };
  } catch (err) {
    staged?.abort();
    throw err;
  } finally {
    signal?.removeEventListener('abort', stopAll);
  }
}

/** The tables of a thread's shard, or its failure as thrown. */
function replyOf(thread: Worker): Promise<TableResult[]> {
  return new Promise((resolve, reject) => {
    thread.once('message', (reply: ShardWorkerReply) => {
      if ('tables' in reply) resolve(reply.tables);
      else if ('problems' in reply) reject(new UserError(reply.problems));
      else reject(new Error(reply.failure));
    });
    thread.once('error', reject);
    // After a reply this changes nothing; without one, the thread died.
    thread.once('exit', (code) => reject(new Error(`a worker thread exited (code ${code}) before finishing its shard`)));
  });
}

function isInterruption(err: unknown): boolean {
  return err instanceof UserError && err.problems.some((p) => p.code === 'RUN_INTERRUPTED');
}
