import type pg from 'pg';
import type { Limits } from '../../limits';
import { connectWithKnex, displayUrl } from '../../targets/sql/connectWithKnex';
import { runBounded, type QueryBounds } from '../../targets/sql/queryBounds';
import { cancelBackend, postgresStoppedBy } from '../../targets/postgres/postgresSpecQuery';
import { missingSchema } from '../../targets/postgres/postgresSchemas';
import type { SourceColumn, SourceDatabase, SourceForeignKey, SourceIndex, SourceTable } from '../sourceDatabase';
import { isTextual, sampledSource, type SourceDialect } from './sampledSource';
import { asSourceError } from './sourceErrors';
import { sourceType } from './sourceTypes';

/** Types whose text the driver turns into numbers; booleans become booleans; every other value stays the server's text (dates, json, arrays, uuids). */
const NUMERIC_TYPES = new Set([20, 21, 23, 26, 700, 701, 1700]);
const BOOLEAN_TYPE = 16;
const SAMPLED_TYPES = {
  getTypeParser: (oid: number) => (oid === BOOLEAN_TYPE ? (text: string) => text === 't' : NUMERIC_TYPES.has(oid) ? Number : (text: string) => text),
} as pg.CustomTypesConfig;

/**
 * A PostgreSQL schema (default `public`) read as a source: every query in one read-only,
 * repeatable-read transaction (one snapshot, so counts and samples agree, and nothing can be
 * written), under `statement_timeout` at the `query_seconds` limit, timestamps in UTC.
 */
export async function openPostgresSource(url: string, schemaName: string, limits: Limits, signal?: AbortSignal): Promise<SourceDatabase> {
  const session = await connectWithKnex<pg.Client>('pg', { connectionString: url, connectionTimeoutMillis: 10_000 }, url).catch((err) => {
    throw asSourceError(err);
  });
  const client = session.connection;
  try {
    const missing = await missingSchema(client, schemaName, url, 'fix the name (--schema): it is the schema holding the tables to read');
    if (missing) throw asSourceError(missing);
    const milliseconds = Math.max(1, Math.round(limits.query_seconds * 1000));
    await client.query(
      `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL statement_timeout = ${milliseconds}; SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'`,
    );
    const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
    const bounds: QueryBounds = { limits, signal };
    const pid = (client as unknown as { processID: number }).processID;
    // The server stops a query at statement_timeout; a signal cancels it from here.
    const run = async <T>(config: pg.QueryConfig | pg.QueryArrayConfig): Promise<T[]> =>
      (
        await runBounded(bounds, {
          run: () => client.query(config as pg.QueryConfig),
          cancel: () => cancelBackend(url, pid),
          stoppedBy: postgresStoppedBy,
        })
      ).rows as T[];
    const tables = await readTables((text, values) => run({ text, values }), schemaName, quote);
    const dialect: SourceDialect = {
      quote,
      table: (name) => `${quote(schemaName)}.${quote(name)}`,
      read: (column, ref) => (isTextual(column) ? `LEFT(${ref}::text, ${limits.value_length})` : ref),
      // json and other types have no order: their text has one.
      sortable: (column, ref) => (column.type.kind === 'unsupported' ? `${ref}::text` : ref),
    };
    const displayName = `${displayUrl(url)} (schema ${schemaName})`;
    return sampledSource({ dialect: 'postgres', displayName, tables }, dialect, (text) => run<unknown[]>({ text, rowMode: 'array', types: SAMPLED_TYPES } as pg.QueryArrayConfig), async () => {
      await client.query('ROLLBACK').catch(() => undefined);
      await session.close();
    });
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    await session.close();
    throw err;
  }
}

type Query = <T>(text: string, values: unknown[]) => Promise<T[]>;

async function readTables(query: Query, schema: string, quote: (name: string) => string): Promise<SourceTable[]> {
  const inSchema = 'JOIN pg_class c ON c.oid = %s JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = $1';
  const tableRows = await query<{ oid: number; name: string }>(
    `SELECT c.oid::int AS oid, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname`,
    [schema],
  );
  // A domain reads as its base type; an enum's values are text.
  const columnRows = await query<{ table_oid: number; num: number; name: string; declared: string; not_null: boolean; is_enum: boolean }>(
    `SELECT a.attrelid::int AS table_oid, a.attnum AS num, a.attname AS name, a.attnotnull AS not_null, t.typtype = 'e' AS is_enum,
            format_type(CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END, CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END) AS declared
     FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid ${inSchema.replace('%s', 'a.attrelid')}
     WHERE a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attrelid, a.attnum`,
    [schema],
  );
  const constraintRows = await query<{ table_oid: number; kind: string; columns: number[]; parent_oid: number; parent_columns: number[] | null }>(
    `SELECT con.conrelid::int AS table_oid, con.contype AS kind, con.conkey AS columns, con.confrelid::int AS parent_oid, con.confkey AS parent_columns
     FROM pg_constraint con ${inSchema.replace('%s', 'con.conrelid')}
     WHERE con.contype IN ('p', 'u', 'f') ORDER BY con.conrelid, con.conname`,
    [schema],
  );
  const indexRows = await query<{ table_oid: number; is_unique: boolean; columns: number[] }>(
    `SELECT i.indrelid::int AS table_oid, i.indisunique AS is_unique, i.indkey::int2[] AS columns
     FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid ${inSchema.replace('%s', 'i.indrelid')}
     WHERE NOT i.indisprimary AND i.indpred IS NULL AND i.indexprs IS NULL ORDER BY i.indrelid, ic.relname`,
    [schema],
  );
  const names = new Map(tableRows.map((row) => [row.oid, row.name]));
  const columnName = (oid: number, num: number) => columnRows.find((row) => row.table_oid === oid && row.num === num)!.name;
  const tables: SourceTable[] = [];
  for (const { oid, name } of tableRows) {
    const constraints = constraintRows.filter((row) => row.table_oid === oid);
    const indexes: SourceIndex[] = indexRows.filter((row) => row.table_oid === oid).map((row) => ({ columns: row.columns.map((num) => columnName(oid, num)), unique: row.is_unique }));
    const primary = constraints.find((row) => row.kind === 'p');
    const uniqueAlone = new Set([
      ...constraints.filter((row) => row.kind !== 'f' && row.columns.length === 1).map((row) => columnName(oid, row.columns[0])),
      ...indexes.filter((index) => index.unique && index.columns.length === 1).map((index) => index.columns[0]),
    ]);
    const columns: SourceColumn[] = columnRows
      .filter((row) => row.table_oid === oid)
      .map((row) => ({ name: row.name, type: row.is_enum ? { kind: 'text', declared: row.declared } : sourceType(row.declared), notNull: row.not_null, unique: uniqueAlone.has(row.name) }));
    // Keys to tables of other schemas are left out: the spec holds this schema's tables only.
    const foreignKeys: SourceForeignKey[] = constraints
      .filter((row) => row.kind === 'f' && names.has(row.parent_oid))
      .map((row) => ({ columns: row.columns.map((num) => columnName(oid, num)), table: names.get(row.parent_oid)!, referencedColumns: row.parent_columns!.map((num) => columnName(row.parent_oid, num)) }));
    const [{ count }] = await query<{ count: string }>(`SELECT COUNT(*) AS count FROM ${quote(schema)}.${quote(name)}`, []);
    tables.push({ name, columns, primaryKey: primary ? primary.columns.map((num) => columnName(oid, num)) : [], foreignKeys, indexes, rowCount: Number(count) });
  }
  return tables;
}
