import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { UserError } from '../errors/problem';
import type { RunSpecOptions } from '../index';
import type { Shard } from '../shard/shard';
import { StagedFolder } from '../targets/csv/stagedFolder';
import { resolveTarget, takesParts, type TargetOptions } from '../targets/resolveTarget';
import { ChunkWriter } from './chunkWriter';
import type { RunResult, TableResult } from './runCompiled';
import { STOP, type ForwardedMessage, type ShardWorkerData, type ShardWorkerReply } from './shardWorkerMessages';

/** What `run --workers` passes on to every thread: the options that can cross a thread boundary. */
export type WorkerRunOptions = Pick<RunSpecOptions, 'seed' | 'scale' | 'set' | 'asOf' | 'allowPaths' | 'tables' | 'maxRows'> & {
  /** This machine's shard, split further among the threads. */
  shard?: Shard;
  signal?: AbortSignal;
};

/** Where the threads' rows go, and how the run ends. */
interface Output {
  location: string;
  /** The target each thread writes its parts to; undefined: threads forward their rows here. */
  threadWhere?: string;
  receive?: (message: ForwardedMessage, from: Worker) => void;
  /** Throws the output's own failure (a write the one writer could not make), which stopped the threads. */
  check(): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * `run --workers W`: W worker threads, thread w generating shard w of W (of shard k/N:
 * shard k + N·w of N·W). To CSV and Parquet, each thread writes its own parts; without
 * `--shard` into a folder beside the output that replaces it only when every thread has
 * finished. To a database, the threads forward their chunks to this thread, the one
 * writer, which writes them in a single run's order.
 */
export async function runInWorkers(spec: string, where: string, workers: number, options: WorkerRunOptions, targetOptions: TargetOptions = {}): Promise<RunResult> {
  const started = performance.now();
  const machine = options.shard ?? { index: 0, count: 1 };
  const threads: Worker[] = [];
  // Asked, not terminated: a thread stops between chunks and cleans up (its scratch database) itself.
  const stopAll = () => threads.forEach((thread) => thread.postMessage(STOP));
  const output = takesParts(where) ? partsOutput(where, machine, options.shard !== undefined) : await writerOutput(where, targetOptions, workers, stopAll, options.shard);
  const { signal, ...cloneable } = options;
  for (let w = 0; w < workers; w++) {
    const shard = { index: machine.index + machine.count * w, count: machine.count * workers };
    const data: ShardWorkerData = { spec, options: { ...cloneable, target: output.threadWhere, shard }, forward: output.threadWhere === undefined };
    const thread = new Worker(join(__dirname, 'shardWorker.js'), { workerData: data });
    if (output.receive) thread.on('message', (message: ForwardedMessage | ShardWorkerReply) => 'kind' in message && output.receive!(message, thread));
    threads.push(thread);
  }
  signal?.addEventListener('abort', stopAll);
  try {
    const pending = threads.map((thread) => replyOf(thread));
    for (const reply of pending) reply.catch(stopAll);
    // Every thread has ended before the output is committed or thrown away.
    const settled = await Promise.allSettled(pending);
    await output.check();
    const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
    if (failures.length) throw failures.find((f) => !isInterruption(f)) ?? failures[0];
    const replies = settled.map((s) => (s as PromiseFulfilledResult<TableResult[]>).value);
    await output.commit();
    // A table's rows are its threads' rows; it took as long as its slowest thread.
    const tables = replies[0].map((t, i) => ({
      ...t,
      rows: replies.reduce((sum, reply) => sum + reply[i].rows, 0),
      seconds: Math.max(...replies.map((reply) => reply[i].seconds)),
    }));
    return { output: output.location, seconds: (performance.now() - started) / 1000, rows: tables.reduce((sum, t) => sum + t.rows, 0), tables };
  } catch (err) {
    await output.abort();
    throw err;
  } finally {
    signal?.removeEventListener('abort', stopAll);
  }
}

/** Each thread writes its own parts of a CSV or Parquet folder. */
function partsOutput(where: string, machine: Shard, shared: boolean): Output {
  const location = resolveTarget(where, { part: machine.index }).location;
  const nothing = async () => undefined;
  if (shared) return { location, threadWhere: where, check: nothing, commit: nothing, abort: nothing };
  const staged = new StagedFolder(location);
  staged.open();
  // `<kind>:<folder>` with the staging folder in place of the output.
  const threadWhere = where.replace(/^([a-z][a-z0-9+]*:)[\s\S]*$/i, `$1${staged.temp}`);
  return { location, threadWhere, check: nothing, commit: async () => staged.commit(), abort: async () => staged.abort() };
}

/** The threads forward their chunks; this thread writes them to the one target. */
async function writerOutput(where: string, targetOptions: TargetOptions, workers: number, stopAll: () => void, shard: Shard | undefined): Promise<Output> {
  // A machine's shard cannot go to a database: refused here, with the reason.
  const target = resolveTarget(where, { ...targetOptions, part: shard?.index });
  await target.open();
  const writer = new ChunkWriter(target, workers, stopAll);
  return {
    location: target.location,
    receive: (message, from) => writer.receive(message, from),
    check: () => writer.finished(),
    commit: async () => {
      await writer.finished();
      await target.commit();
    },
    abort: async () => {
      await writer.finished().catch(() => undefined);
      await target.abort().catch(() => undefined);
    },
  };
}

/** The tables of a thread's shard, or its failure as thrown. */
function replyOf(thread: Worker): Promise<TableResult[]> {
  return new Promise((resolve, reject) => {
    thread.on('message', (reply: ForwardedMessage | ShardWorkerReply) => {
      if ('kind' in reply) return;
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
