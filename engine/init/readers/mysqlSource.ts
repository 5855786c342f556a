import type { Connection } from 'mysql2';
import type { Limits } from '../../limits';
import { displayUrl } from '../../targets/sql/connectWithKnex';
import { runBounded, type QueryBounds } from '../../targets/sql/queryBounds';
import { missingDatabase } from '../../targets/mysql/mysqlDatabases';
import { quoteName } from '../../targets/mysql/insertStatements';
import { killQuery, openMysqlSession } from '../../targets/mysql/mysqlSession';
import type { SourceColumn, SourceDatabase, SourceForeignKey, SourceIndex, SourceTable } from '../sourceDatabase';
import { isTextual, sampledSource, type SourceDialect } from './sampledSource';
import { asSourceError, sourceUnreachable } from './sourceErrors';
import { sourceType } from './sourceTypes';

/** MariaDB's max_statement_time, MySQL's max_execution_time. */
const STATEMENT_TIMEOUTS = new Set([1969, 3024]);
/** ER_QUERY_INTERRUPTED: KILL QUERY. */
const QUERY_INTERRUPTED = 1317;

/**
 * The database a MariaDB/MySQL URL names, read as a source: every query in one read-only
 * transaction on a consistent snapshot (counts and samples agree, nothing can be written),
 * each under the server's statement time limit at `query_seconds`.
 */
export async function openMysqlSource(url: string, limits: Limits, signal?: AbortSignal): Promise<SourceDatabase> {
  const database = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!database) throw sourceUnreachable(`no database named in ${displayUrl(url)}`, 'add it to the URL: mysql://user@host:3306/database');
  const session = await openMysqlSession(url, undefined, { localFiles: false }).catch((err) => {
    throw asSourceError(err);
  });
  const connection = session.connection;
  try {
    const bounds: QueryBounds = { limits, signal };
    // The server stops a query at its time limit; a signal kills it from here.
    const run = <T>(sql: string, values: unknown[] = [], rowsAsArray = false): Promise<T[]> =>
      runBounded(bounds, {
        run: () => queryOn<T>(connection, sql, values, rowsAsArray),
        cancel: () => killQuery(url, connection.threadId),
        stoppedBy: (err) => {
          const errno = (err as { errno?: number }).errno ?? 0;
          return STATEMENT_TIMEOUTS.has(errno) ? 'timeout' : errno === QUERY_INTERRUPTED ? 'cancelled' : false;
        },
      });
    const missing = await missingDatabase((sql) => run(sql), database, url, 'fix the database name in the URL: it is the database holding the tables to read');
    if (missing) throw asSourceError(missing);
    const [{ version }] = await run<{ version: string }>('SELECT VERSION() AS version');
    const timeLimit = /mariadb/i.test(version) ? `max_statement_time = ${limits.query_seconds}` : `max_execution_time = ${Math.round(limits.query_seconds * 1000)}`;
    await run(`SET SESSION ${timeLimit}, time_zone = '+00:00'`);
    await run('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
    const tables = await readTables(run, database, quoteName);
    const dialect: SourceDialect = {
      quote: quoteName,
      table: (name) => `${quoteName(database)}.${quoteName(name)}`,
      read: (column, ref) => (isTextual(column) ? `LEFT(${ref}, ${limits.value_length})` : ref),
      sortable: (_column, ref) => ref,
    };
    const displayName = `${displayUrl(url)} (database ${database})`;
    return sampledSource({ dialect: 'mysql', displayName, tables }, dialect, (sql) => run<unknown[]>(sql, [], true), async () => {
      await queryOn(connection, 'ROLLBACK', [], false).catch(() => undefined);
      await session.close();
    });
  } catch (err) {
    await session.close();
    throw err;
  }
}

function queryOn<T>(connection: Connection, sql: string, values: unknown[], rowsAsArray: boolean): Promise<T[]> {
  return new Promise((resolve, reject) => connection.query({ sql, values, rowsAsArray }, (err, rows) => (err ? reject(err) : resolve(rows as T[]))));
}

type Run = <T>(sql: string, values?: unknown[]) => Promise<T[]>;

async function readTables(run: Run, database: string, quote: (name: string) => string): Promise<SourceTable[]> {
  const tableRows = await run<{ name: string }>("SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'", [database]);
  const columnRows = await run<{ tableName: string; name: string; declared: string; nullable: string }>(
    'SELECT TABLE_NAME AS tableName, COLUMN_NAME AS name, COLUMN_TYPE AS declared, IS_NULLABLE AS nullable FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION',
    [database],
  );
  const indexRows = await run<{ tableName: string; indexName: string; nonUnique: number; name: string | null; subPart: number | null }>(
    'SELECT TABLE_NAME AS tableName, INDEX_NAME AS indexName, NON_UNIQUE AS nonUnique, COLUMN_NAME AS name, SUB_PART AS subPart FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX',
    [database],
  );
  const keyRows = await run<{ tableName: string; constraintName: string; name: string; parent: string; parentColumn: string }>(
    `SELECT TABLE_NAME AS tableName, CONSTRAINT_NAME AS constraintName, COLUMN_NAME AS name, REFERENCED_TABLE_NAME AS parent, REFERENCED_COLUMN_NAME AS parentColumn
     FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL
     ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`,
    [database, database],
  );
  const names = tableRows.map((row) => row.name).sort(byCodeUnits);
  const tables: SourceTable[] = [];
  for (const name of names) {
    const byIndex = groupBy(indexRows.filter((row) => row.tableName === name), (row) => row.indexName);
    const primaryKey = (byIndex.get('PRIMARY') ?? []).map((row) => row.name!);
    byIndex.delete('PRIMARY');
    // Indexes on expressions or on a prefix of a column say nothing about whole columns.
    const indexes: SourceIndex[] = [...byIndex.values()]
      .filter((parts) => parts.every((part) => part.name !== null && part.subPart === null))
      .map((parts) => ({ columns: parts.map((part) => part.name!), unique: Number(parts[0].nonUnique) === 0 }));
    const uniqueAlone = new Set(indexes.filter((index) => index.unique && index.columns.length === 1).map((index) => index.columns[0]));
    if (primaryKey.length === 1) uniqueAlone.add(primaryKey[0]);
    const columns: SourceColumn[] = columnRows
      .filter((row) => row.tableName === name)
      .map((row) => ({ name: row.name, type: sourceType(row.declared), notNull: row.nullable === 'NO', unique: uniqueAlone.has(row.name) }));
    const foreignKeys: SourceForeignKey[] = [...groupBy(keyRows.filter((row) => row.tableName === name), (row) => row.constraintName).values()]
      .filter((parts) => names.includes(parts[0].parent))
      .map((parts) => ({ columns: parts.map((part) => part.name), table: parts[0].parent, referencedColumns: parts.map((part) => part.parentColumn) }));
    const [{ count }] = await run<{ count: number }>(`SELECT COUNT(*) AS count FROM ${quote(database)}.${quote(name)}`);
    tables.push({ name, columns, primaryKey, foreignKeys, indexes, rowCount: Number(count) });
  }
  return tables;
}

function groupBy<T>(rows: T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(keyOf(row), [...(groups.get(keyOf(row)) ?? []), row]);
  return groups;
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
