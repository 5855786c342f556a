import type pg from 'pg';
import type { UserError } from '../../errors/problem';
import { missingPlace } from '../sql/missingPlace';

/** The server's own schemas and the engine's staging ones: never what a user means. */
const NOT_SUGGESTED = /^(pg_|information_schema$|staging_[0-9a-f]{12}$)/;

/** The error for a schema that does not exist, naming the ones the user may use; undefined when it exists. */
export async function missingSchema(client: pg.Client, schema: string, url: string, hint?: string): Promise<UserError | undefined> {
  const { rows } = await client.query<{ name: string; usable: boolean }>("SELECT nspname AS name, has_schema_privilege(oid, 'USAGE') AS usable FROM pg_namespace");
  if (rows.some((row) => row.name === schema)) return undefined;
  const visible = rows.filter((row) => row.usable && !NOT_SUGGESTED.test(row.name)).map((row) => row.name);
  return missingPlace('schema', schema, visible.sort(), url, hint);
}
