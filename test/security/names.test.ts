/**
 * Names and tables some target cannot take. Through the real CLI, each is refused by
 * `validate` and by `run` at its own line (exit 1, never a stack trace) before anything is
 * written: no file on disk, no table or schema on the servers. The bounds are the servers'
 * own: a table at each bound runs on PostgreSQL and MariaDB, one column past it is refused.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { run, validate } from '../../engine/index';
import { cli } from '../helpers/cli';
import { describeWithServer, MYSQL, POSTGRES } from '../targets/servers';

const HEADER = 'name: t\nseed: 1\nas_of: 2025-06-30\ntables:\n';
/** A CLI that runs longer than this is hung: a hang detector, not a timing assert. */
const HANG = { timeoutMs: 120_000 };

const table = (name: string, columns: string[], extra = '') => `  ${name}:\n    rows: { count: 3 }\n${extra}    columns:\n${columns.map((c) => `      ${c}\n`).join('')}`;
const integer = (name: string, more = '') => `${name}: { type: integer, sequence: {}${more} }`;
const many = (count: number, column: (i: number) => string) => Array.from({ length: count }, (_, i) => column(i));

const folders: string[] = [];
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function writeSpecFile(text: string): { dir: string; spec: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hopify-names-'));
  folders.push(dir);
  writeFileSync(join(dir, 'spec.yaml'), text);
  return { dir, spec: join(dir, 'spec.yaml') };
}

function expectRefused(result: { status: number | null; stderr: string }, code: string, at: string, message: RegExp): void {
  expect(result.stderr).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(new RegExp(`error ${code}  spec\\.yaml:${at}\\n  [^\\n]*${message.source}`));
}

/** [what, the spec's tables, code, line:col of the problem, what its message says] */
const REFUSED: [string, string, string, string, RegExp][] = [
  ['columns id and ID', table('t', [integer('id'), integer('ID')]), 'SPEC_BAD_NAME', '9:7', /column "ID" and column "id" \(line 8\) of table "t" differ only in case/],
  ['tables t and T', table('t', [integer('id')]) + table('T', [integer('id')]), 'SPEC_BAD_NAME', '9:3', /table "T" and table "t" \(line 5\) differ only in case/],
  ['a table named sqlite_master', table('sqlite_master', [integer('id')]), 'SPEC_BAD_NAME', '5:3', /SQLite keeps names beginning with sqlite_/],
  ['a table named sqlite_x', table('sqlite_x', [integer('id')]), 'SPEC_BAD_NAME', '5:3', /SQLite keeps names beginning with sqlite_/],
  ['a table named pg_class', table('pg_class', [integer('id')]), 'SPEC_BAD_NAME', '5:3', /PostgreSQL keeps names beginning with pg_/],
  ['a column named ctid', table('t', [integer('id'), integer('ctid')]), 'SPEC_BAD_NAME', '9:7', /every PostgreSQL table has a system column of that name/],
  ['two names equal in their first 63 characters', table(`${'n'.repeat(63)}a`, [integer('id')]) + table(`${'n'.repeat(63)}b`, [integer('id')]), 'SPEC_BAD_NAME', '5:3', /has 64 characters; PostgreSQL keeps only the first 63/],
  ['a column name over MariaDB\'s 64', table('t', [integer('c'.repeat(65))]), 'SPEC_BAD_NAME', '8:7', /has 65 characters/],
  ['2,001 columns', table('wide', many(2001, (i) => integer(`c${i}`))), 'SPEC_SCHEMA', '5:3', /table "wide" has 2,001 columns; MariaDB takes at most 1,017/],
  ['index names two tables would share', table('a_b', [integer('c', ', index: true')]) + table('a', [integer('b_c', ', index: true')]), 'SPEC_BAD_NAME', '9:3', /the index of table "a" on b_c is named "a_b_c_idx", as is the index of table "a_b" on c/],
  ['a primary key of four text columns', table('t', many(4, (i) => `k${i}: { type: text, constant: x }`), '    primary_key: [k0, k1, k2, k3]\n'), 'SPEC_SCHEMA', '5:3', /takes up to 4,080 bytes in MariaDB, which takes keys of at most 3,072/],
  ['65 indexes in a table', table('t', many(65, (i) => integer(`c${i}`, ', index: true'))), 'SPEC_SCHEMA', '5:3', /has 65 keys and indexes/],
];

describe('names and tables some target cannot take', () => {
  it.each(REFUSED)('%s: refused by validate and run at its line, nothing written', (_, tables, code, at, message) => {
    const { dir, spec } = writeSpecFile(HEADER + tables);
    expectRefused(cli(['validate', 'spec.yaml'], { cwd: dir, ...HANG }), code, at, message);
    expectRefused(cli(['run', 'spec.yaml', '--out', 'out.db', '--quiet'], { cwd: dir, ...HANG }), code, at, message);
    expect(readdirSync(dir)).toEqual(['spec.yaml']);
  });

  it('lists every name problem of a spec at once, each at its own line', () => {
    const { spec } = writeSpecFile(HEADER + table('t', [integer('id'), integer('ID'), integer('ctid')]) + table('T', [integer('id')]));
    expect(validate(spec).map((p) => [p.code, p.line])).toEqual([
      ['SPEC_BAD_NAME', 9],
      ['SPEC_BAD_NAME', 10],
      ['SPEC_BAD_NAME', 11],
    ]);
  });
});

/** [what, tables at a bound every target holds, the same one column past it (if the bound has a past)] */
const BOUNDS: [string, string, string | undefined][] = [
  // 997 × 8 bytes is InnoDB's fullest row of integers (8,125 bytes with its header and null bits).
  ['997 integer columns', ...pastBound((extra) => table('wide', many(997 + extra, (i) => integer(`c${i}`))))],
  // 40 bytes: the longest text InnoDB keeps in the row (41 with its length byte); 196 of them fill its 8,125.
  ['196 text columns of 40 characters', ...pastBound((extra) => table('wide', many(196 + extra, (i) => `t${i}: { type: text, constant: "${'x'.repeat(40)}" }`)))],
  // 8 bytes a timestamp and a null bit a column: 1,001 fill PostgreSQL's 8,160 (MariaDB takes them in 5 bytes).
  ['1,001 datetime columns', ...pastBound((extra) => table('wide', many(1001 + extra, (i) => `d${i}: { type: datetime, constant: "2025-01-01 12:00:00" }`)))],
  // Unique text columns are VARCHAR(255) on MariaDB: 64 of them are 64 keys and 65,417 of its 65,535 bytes.
  ['64 unique text columns', ...pastBound((extra) => table('keys', many(64 + extra, (i) => `t${i}: { type: text, unique: true, sequence: {} }`)))],
  // 3 × 1,020 + 8 bytes: MariaDB's keys hold 3,072.
  ['a primary key of three text columns and an integer', ...pastBound((extra) => table('keyed', [...many(3 + extra, (i) => `k${i}: { type: text, sequence: {} }`), integer('n')], `    primary_key: [${[...many(3 + extra, (i) => `k${i}`), 'n'].join(', ')}]\n`))],
  // Names of 63 characters: the key and index names the targets derive from them are longer, and end in a hash.
  [
    'names of 63 characters with keys and indexes',
    table(`${'t'.repeat(62)}1`, [integer(`${'c'.repeat(62)}1`, ', primary_key: true'), integer(`${'c'.repeat(62)}2`, ', unique: true, index: true')]) +
      table(`${'t'.repeat(62)}2`, [integer('id', ', primary_key: true'), `${'r'.repeat(63)}: { type: integer, ref: ${'t'.repeat(62)}1.${'c'.repeat(62)}1 }`]),
    undefined,
  ],
];

function pastBound(tables: (extra: number) => string): [string, string] {
  return [tables(0), tables(1)];
}

const tableNames = (tables: string) => [...tables.matchAll(/^  (\w+):$/gm)].map((m) => m[1]);

/** The named tables in the schema (PostgreSQL) or database (MariaDB). */
type TablesIn = (schema: string, names: string[]) => Promise<string[]>;

/** Runs each bound into the server: at the bound every table is made; past it, SPEC_SCHEMA and no schema at all. */
function boundTests(url: string, tablesIn: () => TablesIn, freshSchema: () => string): void {
  it.each(BOUNDS)('%s: runs at the bound; past it, refused before the server is touched', async (_, atBound, past) => {
    const schema = freshSchema();
    expect(validate(writeSpecFile(HEADER + atBound).spec)).toEqual([]);
    await run(writeSpecFile(HEADER + atBound).spec, { target: url, schema, create: true });
    expect((await tablesIn()(schema, tableNames(atBound))).sort()).toEqual(tableNames(atBound).sort());
    if (past === undefined) return;
    const pastSchema = freshSchema();
    await expect(run(writeSpecFile(HEADER + past).spec, { target: url, schema: pastSchema, create: true })).rejects.toMatchObject({ problems: [expect.objectContaining({ code: 'SPEC_SCHEMA' })] });
    expect(await tablesIn()(pastSchema, tableNames(past))).toEqual([]);
  }, 120_000);
}

describeWithServer(POSTGRES, 'names and table bounds on PostgreSQL', (url) => {
  let admin: pg.Client;
  const schemas: string[] = [];
  const freshSchema = () => {
    schemas.push(`hopify_names_${randomBytes(4).toString('hex')}`);
    return schemas[schemas.length - 1];
  };
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  });
  afterAll(async () => {
    for (const name of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    await admin.end();
  });
  const tablesIn: TablesIn = async (schema, names) =>
    (await admin.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name = ANY($2)', [schema, names])).rows.map((r) => r.table_name);

  boundTests(url, () => tablesIn, freshSchema);

  it('a refused spec creates no schema and no table', async () => {
    const schema = freshSchema();
    const { dir } = writeSpecFile(HEADER + table('t', [integer('id'), integer('ID')]));
    expectRefused(cli(['run', 'spec.yaml', '--target', url, '--schema', schema, '--create', '--quiet'], { cwd: dir, ...HANG }), 'SPEC_BAD_NAME', '9:7', /differ only in case/);
    expect((await admin.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount).toBe(0);
    expect(readdirSync(dir)).toEqual(['spec.yaml']);
  });
});

describeWithServer(MYSQL, 'names and table bounds on MariaDB', (url) => {
  let admin: mysql.Connection;
  const databases: string[] = [];
  const freshSchema = () => {
    databases.push(`hopify_names_${randomBytes(4).toString('hex')}`);
    return databases[databases.length - 1];
  };
  beforeAll(async () => {
    admin = await mysql.createConnection({ uri: url });
  });
  afterAll(async () => {
    for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.end();
  });
  const tablesIn: TablesIn = async (database, names) => {
    const [rows] = await admin.query('SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (?)', [database, names]);
    return (rows as { name: string }[]).map((r) => r.name);
  };

  boundTests(url, () => tablesIn, freshSchema);

  it('a refused spec creates no database and no table', async () => {
    const database = freshSchema();
    const { dir } = writeSpecFile(HEADER + table('wide', many(2001, (i) => integer(`c${i}`))));
    expectRefused(cli(['run', 'spec.yaml', '--target', url, '--schema', database, '--create', '--quiet'], { cwd: dir, ...HANG }), 'SPEC_SCHEMA', '5:3', /2,001 columns/);
    const [rows] = await admin.query('SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [database]);
    expect(rows).toEqual([]);
    expect(readdirSync(dir)).toEqual(['spec.yaml']);
  });
});
