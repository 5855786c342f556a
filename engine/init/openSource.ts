import { userError } from '../errors/problem';
import { resolveLimits, type Limits } from '../limits';
import { suggestName } from '../spec/suggest';
import { openMysqlSource } from './readers/mysqlSource';
import { openPostgresSource } from './readers/postgresSource';
import { sourceUnreachable } from './readers/sourceErrors';
import { openSqliteSource } from './readers/sqliteSource';
import type { SourceDatabase } from './sourceDatabase';

export interface SourceOptions {
  /** The PostgreSQL schema to read (default `public`); for MariaDB/MySQL, the database instead of the URL's. */
  schema?: string;
  /** Tables that must be there. */
  tables?: string[];
  /** `query_seconds` bounds each query on a server; `value_length` each value read. */
  limits?: Limits;
  /** Cancels the query a server runs (SIGINT/SIGTERM). */
  signal?: AbortSignal;
}

const POSTGRES = /^postgres(ql)?:\/\//i;
const MYSQL = /^(mysql|mariadb):\/\//i;
const ANY_URL = /^[a-z][a-z0-9+.-]*:\/\//i;
const DEFAULT_SCHEMA = 'public';

/**
 * The database `--from` names, open for reading: a path is a SQLite file, a postgres:// or
 * mysql:// (mariadb://) URL a server. A database without tables, or without a table `tables`
 * names, is a user error here, before anything is profiled.
 */
export async function openSource(from: string, options: SourceOptions = {}): Promise<SourceDatabase> {
  const limits = options.limits ?? resolveLimits();
  const source = await openDatabase(from, options.schema, limits, options.signal);
  try {
    const { displayName, tables } = await source.schema();
    if (tables.length === 0) {
      throw userError('SOURCE_NO_TABLE', `${displayName} has no tables`, { hint: 'point --from at the database that holds the tables (for PostgreSQL, --schema names their schema)' });
    }
    const names = tables.map((table) => table.name);
    const missing = (options.tables ?? []).find((name) => !names.includes(name));
    if (missing !== undefined) {
      throw userError('SOURCE_NO_TABLE', `${displayName} has no table "${missing}"; ${suggestName(missing, names, 'table')}`, { hint: '--tables lists tables of the source, comma separated' });
    }
    return source;
  } catch (err) {
    await source.close();
    throw err;
  }
}

function openDatabase(from: string, schema: string | undefined, limits: Limits, signal: AbortSignal | undefined): Promise<SourceDatabase> {
  if (POSTGRES.test(from)) return openPostgresSource(from, schema ?? DEFAULT_SCHEMA, limits, signal);
  if (MYSQL.test(from)) return openMysqlSource(schema === undefined ? from : withDatabase(from, schema), limits, signal);
  if (ANY_URL.test(from)) throw sourceUnreachable(`cannot read ${from.split('://')[0]}:// sources`, 'give a SQLite file path, postgres://… or mysql://… (mariadb://…)');
  if (schema !== undefined) throw userError('SOURCE_UNREACHABLE', `--schema ${schema} names a schema, and a SQLite file has none`, { hint: 'leave out --schema, or give a postgres:// or mysql:// URL' });
  return openSqliteSource(from, limits);
}

/** The URL with `database` as its path: `--schema` names the MariaDB/MySQL database to read. */
function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}
