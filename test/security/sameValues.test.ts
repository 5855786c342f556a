/**
 * A value some target would store differently, or not at all: a number that is not finite
 * (`1/0`), an integer beyond 64 bits, a date outside 0001-01-01 … 9999-12-31. The same spec
 * runs into SQLite, CSV, Parquet, PostgreSQL and MariaDB: each run stops with the same
 * RUN_BAD_VALUE naming table, column and row (exit 1 through the CLI), and no target holds
 * anything afterwards: no file or folder, no table in any schema or database.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { UserError } from '../../engine/errors/problem';
import { run } from '../../engine/index';
import { cli } from '../helpers/cli';
import { describeWithServer, MYSQL, POSTGRES } from '../targets/servers';

/** A CLI that runs longer than this is hung: a hang detector, not a timing assert. */
const HANG = { timeoutMs: 120_000 };

/** A table with a name no other test uses, so the servers can be searched for it in every schema. */
const TABLE = `values_${randomBytes(4).toString('hex')}`;

/** Three rows; `column` (YAML) is the one that goes wrong, at row 2 unless said otherwise. */
const spec = (column: string) => `name: values
seed: 1
as_of: 2025-06-30
tables:
  ${TABLE}:
    rows: { count: 3 }
    columns:
      id: { type: integer, primary_key: true, sequence: {} }
      start: { type: date, constant: "2025-01-01", write: false }
      ${column}
`;

/** [what, the column, the problem's message after "table …, column …, row …: "] */
const CASES: [string, string, string, string][] = [
  ['1/0 into an integer column', 'x: { type: integer, expr: "id / (id - 2)" }', 'row 2', 'Infinity is not a finite number'],
  ['-1/0 into a real column', 'x: { type: real, expr: "-id / (id - 2)" }', 'row 2', '-Infinity is not a finite number'],
  ['0/0 into a real column', 'x: { type: real, expr: "(id - 2) / (id - 2)" }', 'row 2', 'NaN is not a finite number'],
  ['1/0 into a text column', 'x: { type: text, expr: "id / (id - 2)" }', 'row 2', 'Infinity is not a finite number'],
  ['1/0 into a boolean column', 'x: { type: boolean, expr: "id / (id - 2)" }', 'row 2', 'Infinity is not a finite number'],
  ['an integer beyond 64 bits', 'x: { type: integer, expr: "pow(10, 18) * id * 5" }', 'row 2', '10000000000000000000 is beyond the 64-bit integers every target stores'],
  ['a date after 9999-12-31', 'x: { type: date, date_offset: { from: start, offset: { expr: "id * 1500000" } } }', 'row 2', 'a date in the year 10238 is outside 0001-01-01 … 9999-12-31'],
  ['a datetime before 0001-01-01', 'x: { type: datetime, date_offset: { from: start, offset: { expr: "id * -370000" } } }', 'row 2', 'a date in the year -2 is outside 0001-01-01 … 9999-12-31'],
];

/** Values at the bounds, which every target stores: the first and last dates and the largest exact integers. */
const AT_BOUNDS = `name: values
seed: 1
as_of: 2025-06-30
tables:
  ${TABLE}:
    rows: { count: 1 }
    columns:
      id: { type: integer, primary_key: true, sequence: {} }
      first_day: { type: date, constant: "0001-01-01" }
      early: { type: datetime, constant: "0099-12-31 23:59:59" }
      last_day: { type: date, constant: "9999-12-31" }
      last_second: { type: datetime, constant: "9999-12-31 23:59:59" }
      low: { type: integer, constant: -9007199254740991 }
      high: { type: integer, constant: 9007199254740991 }
`;
const BOUND_VALUES = ['1', '0001-01-01', '0099-12-31 23:59:59', '9999-12-31', '9999-12-31 23:59:59', '-9007199254740991', '9007199254740991'];
const BOUND_COLUMNS: [string, 'number' | 'date' | 'datetime'][] = [
  ['id', 'number'],
  ['first_day', 'date'],
  ['early', 'datetime'],
  ['last_day', 'date'],
  ['last_second', 'datetime'],
  ['low', 'number'],
  ['high', 'number'],
];
/** A SELECT list of AT_BOUNDS's columns as text, each written by `asText` for its kind. */
const boundsAsText = (asText: (column: string, kind: 'number' | 'date' | 'datetime') => string) => BOUND_COLUMNS.map(([column, kind]) => asText(column, kind)).join(', ');

const folders: string[] = [];
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function writeSpecFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hopify-values-'));
  folders.push(dir);
  writeFileSync(join(dir, 'spec.yaml'), text);
  return dir;
}

/** The problems a library run into `target` stopped with. */
async function refusal(dir: string, target: string, schema?: string): Promise<unknown> {
  try {
    await run(join(dir, 'spec.yaml'), { target, schema, create: true });
  } catch (err) {
    if (err instanceof UserError) return err.problems;
    throw err;
  }
  throw new Error(`the run into ${target} succeeded`);
}

const expectedProblem = (row: string, message: string) => [
  expect.objectContaining({ code: 'RUN_BAD_VALUE', path: `tables.${TABLE}.columns.x`, message: expect.stringContaining(`table "${TABLE}", column "x", ${row}: ${message}`) }),
];

describe('values every file target would store differently', () => {
  it('1/0 through the CLI: the same RUN_BAD_VALUE from SQLite, CSV and Parquet, exit 1, no file left', () => {
    const dir = writeSpecFile(spec(CASES[0][1]));
    const printed = ['out.db', 'csv:out-csv', 'parquet:out-parquet'].map((target) => {
      const result = cli(['run', 'spec.yaml', '--out', target, '--quiet'], { cwd: dir, ...HANG });
      expect(result.stderr).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
      expect(result.status).toBe(1);
      return result.stderr;
    });
    expect(printed[0]).toContain(`error RUN_BAD_VALUE\n  tables.${TABLE}.columns.x: table "${TABLE}", column "x", row 2: Infinity is not a finite number`);
    expect(printed[1]).toBe(printed[0]);
    expect(printed[2]).toBe(printed[0]);
    expect(readdirSync(dir)).toEqual(['spec.yaml']);
  });

  it.each(CASES)('%s: the same problem from SQLite, CSV and Parquet, nothing written', async (_, column, row, message) => {
    const dir = writeSpecFile(spec(column));
    for (const target of [join(dir, 'out.db'), `csv:${join(dir, 'out-csv')}`, `parquet:${join(dir, 'out-parquet')}`]) {
      expect(await refusal(dir, target)).toEqual(expectedProblem(row, message));
    }
    expect(readdirSync(dir)).toEqual(['spec.yaml']);
  });
});

describe('values at the bounds', () => {
  it('are stored alike by SQLite, CSV and Parquet (years 1 to 99 are no years 1901 to 1999)', async () => {
    const dir = writeSpecFile(AT_BOUNDS);
    await run(join(dir, 'spec.yaml'), { target: join(dir, 'out.db') });
    const db = new Database(join(dir, 'out.db'), { readonly: true });
    expect(db.prepare(`SELECT ${boundsAsText((c) => `CAST(${c} AS TEXT)`)} FROM ${TABLE}`).raw().get()).toEqual(BOUND_VALUES);
    db.close();
    await run(join(dir, 'spec.yaml'), { target: `csv:${join(dir, 'csv')}` });
    expect(readFileSync(join(dir, 'csv', `${TABLE}.csv`), 'utf8').split('\n')[1]).toBe(BOUND_VALUES.join(','));
    await run(join(dir, 'spec.yaml'), { target: `parquet:${join(dir, 'parquet')}` });
    const duckdb = await (await DuckDBInstance.create(':memory:')).connect();
    const texts = boundsAsText((c, kind) => (kind === 'number' ? `CAST(${c} AS VARCHAR)` : `strftime(${c}, '${kind === 'date' ? '%Y-%m-%d' : '%Y-%m-%d %H:%M:%S'}')`));
    const read = await duckdb.runAndReadAll(`SELECT ${texts} FROM read_parquet('${join(dir, 'parquet', `${TABLE}.parquet`)}')`);
    expect(read.getRows()[0]).toEqual(BOUND_VALUES);
    duckdb.closeSync();
  });
});

describeWithServer(POSTGRES, 'values PostgreSQL would refuse', (url) => {
  let admin: pg.Client;
  const schema = `hopify_values_${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });
  const tablesNamed = async () => (await admin.query('SELECT table_schema FROM information_schema.tables WHERE table_name = $1', [TABLE])).rows;

  it('1/0 through the CLI: the same problem as SQLite, exit 1, no table in any schema', async () => {
    const dir = writeSpecFile(spec(CASES[0][1]));
    const sqlite = cli(['run', 'spec.yaml', '--out', 'out.db', '--quiet'], { cwd: dir, ...HANG });
    const server = cli(['run', 'spec.yaml', '--target', url, '--schema', schema, '--create', '--quiet'], { cwd: dir, ...HANG });
    expect(server.status).toBe(1);
    expect(server.stderr).toBe(sqlite.stderr);
    expect(await tablesNamed()).toEqual([]);
  });

  it('values at the bounds are stored as in SQLite', async () => {
    await run(join(writeSpecFile(AT_BOUNDS), 'spec.yaml'), { target: url, schema, create: true });
    const texts = boundsAsText((c, kind) => (kind === 'number' ? `${c}::text` : `to_char(${c}, '${kind === 'date' ? 'YYYY-MM-DD' : 'YYYY-MM-DD HH24:MI:SS'}')`));
    const { rows } = await admin.query({ text: `SELECT ${texts} FROM "${schema}"."${TABLE}"`, rowMode: 'array' });
    expect(rows[0]).toEqual(BOUND_VALUES);
    await admin.query(`DROP TABLE "${schema}"."${TABLE}"`);
  });

  it.each(CASES)('%s: the same problem, no table in any schema', async (_, column, row, message) => {
    expect(await refusal(writeSpecFile(spec(column)), url, schema)).toEqual(expectedProblem(row, message));
    expect(await tablesNamed()).toEqual([]);
  });
});

describeWithServer(MYSQL, 'values MariaDB would refuse', (url) => {
  let admin: mysql.Connection;
  const database = `hopify_values_${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    admin = await mysql.createConnection({ uri: url });
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin.end();
  });
  const tablesNamed = async () => (await admin.query('SELECT TABLE_SCHEMA FROM information_schema.TABLES WHERE TABLE_NAME = ?', [TABLE]))[0];

  it('1/0 through the CLI: the same problem as SQLite, exit 1, no table in any database', async () => {
    const dir = writeSpecFile(spec(CASES[0][1]));
    const sqlite = cli(['run', 'spec.yaml', '--out', 'out.db', '--quiet'], { cwd: dir, ...HANG });
    const server = cli(['run', 'spec.yaml', '--target', url, '--schema', database, '--create', '--quiet'], { cwd: dir, ...HANG });
    expect(server.status).toBe(1);
    expect(server.stderr).toBe(sqlite.stderr);
    expect(await tablesNamed()).toEqual([]);
  });

  it('values at the bounds are stored as in SQLite', async () => {
    await run(join(writeSpecFile(AT_BOUNDS), 'spec.yaml'), { target: url, schema: database, create: true });
    const [rows] = await admin.query({ sql: `SELECT ${boundsAsText((c) => `CAST(${c} AS CHAR)`)} FROM \`${database}\`.\`${TABLE}\``, rowsAsArray: true });
    expect((rows as unknown[][])[0]).toEqual(BOUND_VALUES);
    await admin.query(`DROP TABLE \`${database}\`.\`${TABLE}\``);
  });

  it.each(CASES)('%s: the same problem, no table in any database', async (_, column, row, message) => {
    expect(await refusal(writeSpecFile(spec(column)), url, database)).toEqual(expectedProblem(row, message));
    expect(await tablesNamed()).toEqual([]);
  });
});
