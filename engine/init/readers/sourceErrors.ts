import { UserError, userError } from '../../errors/problem';

/** A source that cannot be read: a missing file, a server that does not answer, a schema that does not exist. */
export function sourceUnreachable(message: string, hint: string): UserError {
  return userError('SOURCE_UNREACHABLE', message, { hint });
}

/**
 * The engine's server sessions report a failed connection, or a missing schema or database, as
 * TARGET_UNREACHABLE; read as a source, the same failure is SOURCE_UNREACHABLE.
 */
export function asSourceError(err: unknown): unknown {
  if (!(err instanceof UserError)) return err;
  return new UserError(err.problems.map((problem) => (problem.code === 'TARGET_UNREACHABLE' ? { ...problem, code: 'SOURCE_UNREACHABLE' } : problem)));
}
