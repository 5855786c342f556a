import { resolve } from 'node:path';
import { userError } from '../errors/problem';
import { resolveLimits, type Limits } from '../limits';
import { notAFile, whyNotAFile } from '../spec/regularFile';
import { openServerReader } from '../targets/openServerReader';
import { usedParams, type DatabaseReader } from '../targets/sql/databaseReader';
import type { QueryBounds } from '../targets/sql/queryBounds';
import { gateSpecSql } from '../sql/gateSpecSql';
import { readSqliteHeader } from '../targets/ownership/sqliteMark';
import { SqliteSpecQueries } from '../targets/sqlite/sqliteSpecQueries';

export type { DatabaseReader } from '../targets/sql/databaseReader';

export interface DatabaseOptions {
  /** The schema (PostgreSQL) or database (MariaDB/MySQL) to read instead of the URL's default. */
  schema?: string;
  /** The tables spec SQL may read: the dataset's written tables (engine/sql/specSqlPieces.ts); without them, a query may read none. */
  tables?: string[];
  /** Bounds on every query: `query_seconds` (engine/limits.ts) is its time limit. */
  limits?: Partial<Limits>;
  /** Cancels the query that runs (SIGINT, SIGTERM). */
  signal?: AbortSignal;
}

/** Opens a SQLite file read-only, or a PostgreSQL/MySQL URL; every query is bounded by the options' limits and signal. */
export async function openDatabase(where: string, options: DatabaseOptions = {}): Promise<DatabaseReader> {
  const bounds: QueryBounds = { limits: resolveLimits(options.limits), signal: options.signal };
  const server = openServerReader(where, { schema: options.schema, tables: options.tables, bounds });
  if (server) return server;
  const path = resolve(where.replace(/^file:/i, ''));
  const kind = notAFile(path);
  if (kind === 'missing') {
    throw userError('TARGET_UNREACHABLE', `database ${path} does not exist`, { hint: 'generate it first: hopify-engine run <spec> (or name it with --db)' });
  }
  // Checked before SQLite opens it: a FIFO would block the open, and a text file fails only at the first query.
  if (kind || !readSqliteHeader(path)) {
    throw userError('TARGET_UNREACHABLE', `database ${path} ${kind ? whyNotAFile(kind) : 'is not a readable SQLite database'}`, { hint: 'name the SQLite file the spec was run into, or a server URL, with --db' });
  }
  const db = await SqliteSpecQueries.open(path);
  return {
    location: path,
    query: async (sql, params = {}) => {
      const gated = gateSpecSql(sql, 'sqlite', options.tables ?? []);
      return db.query(gated, usedParams(gated, params), bounds);
    },
    foreignKeyViolations: () => db.foreignKeyViolations(bounds),
    close: () => db.close(),
  };
}
