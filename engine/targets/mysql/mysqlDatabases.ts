import type { UserError } from '../../errors/problem';
import { missingPlace } from '../sql/missingPlace';

/** The server's own databases and the engine's staging ones: never what a user means. */
const NOT_SUGGESTED = /^(information_schema|performance_schema|mysql|sys|staging_[0-9a-f]{12}(_old)?)$/;

/** The error for a database that does not exist, naming the ones the user can see; undefined when it exists. */
export async function missingDatabase(run: (sql: string) => Promise<unknown>, database: string, url: string, hint?: string): Promise<UserError | undefined> {
  const rows = (await run('SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA')) as { name: string }[];
  if (rows.some((row) => row.name === database)) return undefined;
  const visible = rows.map((row) => row.name).filter((name) => !NOT_SUGGESTED.test(name));
  return missingPlace('database', database, visible.sort(), url, hint);
}
