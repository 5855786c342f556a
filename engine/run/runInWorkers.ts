import { availableParallelism, totalmem } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { UserError, userError } from '../errors/problem';
import type { RunSpecOptions } from '../index';
import { overLimit, resolveLimits, type Limits } from '../limits';
import type { Shard } from '../shard/shard';
import { StagedFolder } from '../targets/csv/stagedFolder';
import { resolveTarget, takesParts } from '../targets/resolveTarget';
import { interrupted, type RunResult, type TableResult } from './runCompiled';
import { STOP, type ShardWorkerData, type ShardWorkerReply } from './shardWorkerMessages';

/** What `run --workers` passes on to every thread: the options that can cross a thread boundary. */
export type WorkerRunOptions = Pick<RunSpecOptions, 'seed' | 'scale' | 'set' | 'asOf' | 'allowPaths' | 'tables' | 'maxRows' | 'force' | 'limits'> & {
  /** This machine's shard, split further among the threads. */
  shard?: Shard;
  signal?: AbortSignal;
};

/** Where the threads' parts go, and how the run ends. */
interface Output {
  location: string;
  /** The folder target each thread writes its parts to. */
  threadWhere: string;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * `run --workers W`: W worker threads, thread w generating shard w of W (of shard k/N:
 * shard k + N·w of N·W), each writing its own parts of a CSV or Parquet folder; without
 * `--shard` into a folder beside the output that replaces it only when every thread has
 * finished. Databases are refused: moving the rows to one writing thread cost more than
 * the threads saved (docs/scale-out.md, *Figures*).
 */
export async function runInWorkers(spec: string, where: string, workers: number, options: WorkerRunOptions): Promise<RunResult> {
  if (!takesParts(where)) throw workersRefused(where);
  refuseTooManyWorkers(workers, resolveLimits(options.limits));
  const started = performance.now();
  const machine = options.shard ?? { index: 0, count: 1 };
  const threads: Worker[] = [];
  // Asked, not terminated: a thread stops between chunks and cleans up (its scratch database) itself.
  const stopAll = () => threads.forEach((thread) => thread.postMessage(STOP));
  // A thread busy in one long step does not see STOP soon: past a grace period a signal terminates it, so the run ends promptly.
  const interrupt = () => {
    stopAll();
    setTimeout(() => threads.forEach((thread) => void thread.terminate()), STOP_GRACE_MS).unref();
  };
  const output = partsOutput(where, machine, options.shard !== undefined, options.force);
  const { signal, ...cloneable } = options;
  const heapMb = threadHeapMb(workers);
  for (let w = 0; w < workers; w++) {
    const shard = { index: machine.index + machine.count * w, count: machine.count * workers };
    const data: ShardWorkerData = { spec, options: { ...cloneable, target: output.threadWhere, shard } };
    threads.push(new Worker(join(__dirname, 'shardWorker.js'), { workerData: data, resourceLimits: { maxOldGenerationSizeMb: heapMb } }));
  }
  signal?.addEventListener('abort', interrupt);
  try {
    const pending = threads.map((thread) => replyOf(thread, heapMb, workers));
    for (const reply of pending) reply.catch(stopAll);
    // Every thread has ended before the output is committed or thrown away.
    const settled = await Promise.allSettled(pending);
    if (signal?.aborted) throw interrupted();
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
    signal?.removeEventListener('abort', interrupt);
  }
}

/** How long threads asked to stop by a signal may take before they are terminated. */
const STOP_GRACE_MS = 1_000;
/** The least heap a thread gets, however many share the machine. */
const MIN_THREAD_HEAP_MB = 256;
const N = new Intl.NumberFormat('en-US');

/** Each thread holds a whole engine (the issue saw 1,000 threads take 17.8 GB): at most workers_per_core threads per core. */
export function refuseTooManyWorkers(workers: number, limits: Limits): void {
  const cores = availableParallelism();
  const most = limits.workers_per_core * cores;
  if (workers > most) {
    throw overLimit('workers_per_core', limits, `--workers ${N.format(workers)} is more than ${N.format(most)} threads (${N.format(limits.workers_per_core)} per core, ${cores} cores)`);
  }
}

/**
 * Each thread's heap: three quarters of the machine's memory shared among the threads,
 * never more than one process may take. A thread that needs more ends with a clear error
 * instead of taking the machine's memory.
 */
function threadHeapMb(workers: number): number {
  const processHeapMb = getHeapStatistics().heap_size_limit / 2 ** 20;
  return Math.floor(Math.min(processHeapMb, Math.max(MIN_THREAD_HEAP_MB, (totalmem() / 2 ** 20) * 0.75 / workers)));
}

/** Each thread writes its own parts of a CSV or Parquet folder. */
function partsOutput(where: string, machine: Shard, shared: boolean, force?: boolean): Output {
  const location = resolveTarget(where, { part: machine.index }).location;
  const nothing = async () => undefined;
  if (shared) return { location, threadWhere: where, commit: nothing, abort: nothing };
  const staged = new StagedFolder(location, force);
  staged.open();
  // `<kind>:<folder>` with the staging folder in place of the output.
  const threadWhere = where.replace(/^([a-z][a-z0-9+]*:)[\s\S]*$/i, `$1${staged.temp}`);
  return { location, threadWhere, commit: async () => staged.commit(), abort: async () => staged.abort() };
}

/** Into one database, two threads were slower than one process (docs/scale-out.md, *Figures*). */
function workersRefused(where: string): UserError {
  return userError(
    'SPEC_BAD_OPTION',
    `--workers writes parts of csv: or parquet: folders, which "${where}" cannot take: into a database, moving the rows to the one writing thread cost more than the second thread saved (SQLite, --workers 2: 0.86× and 0.59× the speed of one process)`,
    { hint: 'run without --workers, or write parts to csv:<folder> or parquet:<folder> with --workers or --shard and load them (docs/scale-out.md)' },
  );
}

/** The tables of a thread's shard, or its failure as thrown. */
function replyOf(thread: Worker, heapMb: number, workers: number): Promise<TableResult[]> {
  return new Promise((resolve, reject) => {
    thread.on('message', (reply: ShardWorkerReply) => {
      if ('tables' in reply) resolve(reply.tables);
      else if ('problems' in reply) reject(new UserError(reply.problems));
      else reject(new Error(reply.failure));
    });
    thread.once('error', (err) => reject((err as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY' ? threadOutOfMemory(heapMb, workers) : err));
    // After a reply this changes nothing; without one, the thread died.
    thread.once('exit', (code) => reject(new Error(`a worker thread exited (code ${code}) before finishing its shard`)));
  });
}

function threadOutOfMemory(heapMb: number, workers: number): UserError {
  return userError('SPEC_TOO_COSTLY', `a worker thread ran out of its ${N.format(heapMb)} MB of heap (${N.format(workers)} threads share the machine's memory)`, {
    hint: 'run with fewer --workers, so that each thread gets more memory, or without --workers',
  });
}

function isInterruption(err: unknown): boolean {
  return err instanceof UserError && err.problems.some((p) => p.code === 'RUN_INTERRUPTED');
}
