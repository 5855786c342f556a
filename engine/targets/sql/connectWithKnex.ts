import { knexFactory, type Knex } from './lazyKnex';
import { userError } from '../../errors/problem';

/** Knex on a server, plus one raw driver connection that the bulk path and the run's session use. */
export interface ServerSession<Connection> {
  knex: Knex;
  connection: Connection;
  /** Returns the connection and closes the pool; safe to call twice. */
  close(): Promise<void>;
}

/** Opens a session; a server that cannot be reached is a user error naming it (without its password). */
export async function connectWithKnex<Connection>(client: 'pg' | 'mysql2', connection: Knex.Config['connection'], url: string): Promise<ServerSession<Connection>> {
  const knex = knexFactory({
    client,
    connection,
    pool: { min: 1, max: 1 },
    acquireConnectionTimeout: 15_000,
    // The failure is reported below, as a user error: Knex's own warning would repeat it.
    log: { warn: (message: string) => void (message.startsWith('Acquire connection error') || console.warn(message)) },
  });
  let raw: Connection;
  try {
    raw = (await knex.client.acquireConnection()) as Connection;
  } catch (err) {
    await knex.destroy();
    throw userError('TARGET_UNREACHABLE', `cannot connect to ${displayUrl(url)}: ${(err as Error).message}`, { hint: 'check that the server runs and that the URL (user, password, host, port, database) is right' });
  }
  let closed = false;
  return {
    knex,
    connection: raw,
    async close() {
      if (closed) return;
      closed = true;
      await knex.client.releaseConnection(raw);
      await knex.destroy();
    },
  };
}

/** The URL without its password, for messages and the run summary. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, '@');
  }
}
