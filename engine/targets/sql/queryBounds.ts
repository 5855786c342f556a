import { userError, type UserError } from '../../errors/problem';
import { raiseLimitHint, resolveLimits, type Limits } from '../../limits';

/** What bounds one spec query (context, check, KPI, chart): its time limit, and the signal that cancels it. */
export interface QueryBounds {
  /** `query_seconds` is the query's time limit. */
  limits: Limits;
  /** Aborted on SIGINT/SIGTERM: the query is cancelled on the server, or interrupted in SQLite. */
  signal?: AbortSignal;
  /** The spec path of the query (`tables.orders.context`), for its errors. */
  path?: string;
}

/** The bounds of a query whose caller gave none: the default time limit, no signal. */
export const DEFAULT_QUERY_BOUNDS: QueryBounds = { limits: resolveLimits() };

/** A cancel is sent again this often until the query ends: one sent before the query started is lost. */
const CANCEL_AGAIN_MS = 250;

/** One query on one database, as `runBounded` needs it. */
export interface BoundedQuery<T> {
  run(): Promise<T>;
  /** Asks the database to stop the query (a cancel request, `KILL QUERY`, `interrupt()`); may be called more than once. */
  cancel(): void | Promise<void>;
  /** Why the database says the query stopped early: at its own time limit, or cancelled; false for any other failure. */
  stoppedBy(err: unknown): 'timeout' | 'cancelled' | false;
  /** Seconds after which the query is cancelled from here, where the database's own time limit is missing (SQLite) or can be lifted by the query. */
  cancelAfter?: number;
}

/**
 * Runs a query that stops at the time limit or when the signal fires, whichever comes
 * first: the error is then RUN_QUERY_TIMEOUT or RUN_INTERRUPTED, any other failure the database's own.
 */
export async function runBounded<T>(bounds: QueryBounds, query: BoundedQuery<T>): Promise<T> {
  if (bounds.signal?.aborted) throw queryInterrupted(bounds);
  let stop: 'timeout' | 'interrupted' | undefined;
  let again: NodeJS.Timeout | undefined;
  const stopWith = (why: 'timeout' | 'interrupted') => {
    stop ??= why;
    const send = () => void Promise.resolve(query.cancel()).catch(() => undefined);
    send();
    again ??= setInterval(send, CANCEL_AGAIN_MS);
  };
  const onAbort = () => stopWith('interrupted');
  bounds.signal?.addEventListener('abort', onAbort);
  const timer = query.cancelAfter === undefined ? undefined : setTimeout(() => stopWith('timeout'), query.cancelAfter * 1000);
  let result: T;
  try {
    result = await query.run();
  } catch (err) {
    const stoppedBy = query.stoppedBy(err);
    if (stoppedBy === 'timeout') throw queryTimedOut(bounds);
    if (stoppedBy === 'cancelled' && stop) throw stoppedError(stop, bounds);
    throw err;
  } finally {
    clearTimeout(timer);
    clearInterval(again);
    bounds.signal?.removeEventListener('abort', onAbort);
  }
  // Some queries end normally when cancelled (MariaDB's SLEEP returns 1): once asked to stop, the result is not used.
  if (stop) throw stoppedError(stop, bounds);
  return result;
}

function stoppedError(stop: 'timeout' | 'interrupted', bounds: QueryBounds): UserError {
  return stop === 'timeout' ? queryTimedOut(bounds) : queryInterrupted(bounds);
}

/** The error for a query stopped at its time limit. */
export function queryTimedOut(bounds: QueryBounds): UserError {
  const seconds = bounds.limits.query_seconds;
  return userError('RUN_QUERY_TIMEOUT', `the query ran longer than ${seconds.toLocaleString('en-US')} s and was stopped`, {
    path: bounds.path ?? '',
    hint: `${raiseLimitHint('query_seconds', bounds.limits)}, or make the query cheaper`,
  });
}

/** The error for a query cancelled by SIGINT/SIGTERM. */
export function queryInterrupted(bounds: QueryBounds): UserError {
  return userError('RUN_INTERRUPTED', 'interrupted while a query ran; the previous output is untouched', { path: bounds.path ?? '' });
}
