import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import knexFactory from 'knex';
import { roundDecimal } from '../../engine/compile/decimalRounding';
import { UserError } from '../../engine/errors/problem';
import { run } from '../../engine/index';
import { validateSpec, writeSpec } from '../helpers/runSpec';
import { MYSQL, POSTGRES, describeWithServer } from './servers';

/** Sized types and a composite primary and foreign key: lineitem(l_partkey, l_suppkey) → partsupp(ps_partkey, ps_suppkey). */
const SPEC = `name: exact_types
seed: 11
tables:
  parts:
    rows: { count: 12 }
    columns:
      p_partkey: { type: integer, primary_key: true, sequence: {} }
      p_name: { type: { varchar: 20 }, choice: { values: [almond, antique, aquamarine] } }
      p_type: { type: { char: 10 }, choice: { values: [STEEL, 'TIN   ', BRASS] } }
      p_retail: { type: { decimal: [12, 2] }, uniform: { min: 1, max: 2000 } }
      p_even: { type: { decimal: [8, 3] }, expr: "p_partkey * 0.0015" }
      p_tiny: { type: { decimal: [20, 9] }, expr: "p_partkey * 0.0000001" }
      p_huge: { type: { decimal: [30, 0] }, expr: "p_partkey * 100000000000000000000000" }
  suppliers:
    rows: { count: 4 }
    columns:
      s_suppkey: { type: integer, primary_key: true, sequence: {} }
  partsupp:
    rows: { cross_product: { left: { table: parts, fields: [p_partkey] }, right: { table: suppliers, fields: [s_suppkey] }, per_left: 2 } }
    primary_key: [ps_partkey, ps_suppkey]
    columns:
      ps_id: { type: integer, unique: true, sequence: {} }
      ps_partkey: { type: integer, from: left.p_partkey }
      ps_suppkey: { type: integer, from: right.s_suppkey }
      ps_supplycost: { type: decimal, uniform: { min: 1, max: 1000 } }
  lineitem:
    rows: { count: 40 }
    foreign_keys:
      - { columns: [l_partkey, l_suppkey], references: { table: partsupp, columns: [ps_partkey, ps_suppkey] } }
    columns:
      l_id: { type: integer, primary_key: true, sequence: {} }
      l_ps: { type: integer, ref: partsupp.ps_id, write: false }
      l_partkey: { type: integer, from: l_ps.ps_partkey }
      l_suppkey: { type: integer, from: l_ps.ps_suppkey }
      l_quantity: { type: { decimal: [15, 2] }, integer: { min: 1, max: 50 } }
      l_price: { type: { decimal: [15, 2] }, expr: "l_quantity * 1.005" }
`;

/** The same spec whose lineitem pairs are drawn at random: most name no partsupp row. */
const BROKEN_KEYS = SPEC.replace('l_suppkey: { type: integer, from: l_ps.ps_suppkey }', 'l_suppkey: { type: integer, integer: { min: 1, max: 40 } }');

/** A composite key to a table written after it: PostgreSQL adds it at commit, the others check it then. */
const LATER_KEY = `name: later_key
tables:
  early:
    rows: { count: 3 }
    foreign_keys: [ { columns: [x, y], references: { table: late, columns: [a, b] } } ]
    columns:
      x: { type: integer, primary_key: true, sequence: {} }
      y: { type: { char: 4 }, expr: "x * 10" }
  late:
    rows: { count: 3 }
    primary_key: [a, b]
    columns:
      a: { type: integer, sequence: {} }
      b: { type: { char: 4 }, expr: "a * 10" }
`;
/** A context query reading a CHAR(4) column: PostgreSQL returns it padded to 4, the engine reads it as written. */
const CHAR_CONTEXT = `${LATER_KEY}  echo:
    rows: { count: 3 }
    context: { sql: "SELECT a, b FROM late", key: a, on: n }
    columns:
      n: { type: integer, primary_key: true, sequence: {} }
      b_again: { type: text, from: context.b }
`;
const LATER_KEY_BROKEN = LATER_KEY.replace('y: { type: { char: 4 }, expr: "x * 10" }', 'y: { type: { char: 4 }, expr: "x * 11" }');

const TABLES = ['parts', 'partsupp', 'lineitem'];
const SIZED = { p_name: 'varchar(20)', p_type: 'char(10)', p_retail: 'decimal(12,2)', p_even: 'decimal(8,3)' };

type Dump = Record<string, string[]>;

/** One line per row, sorted: numbers as the decimal they are (no rounding here: the targets must agree exactly), NULL as ∅. */
function canonical(rows: Record<string, unknown>[]): string[] {
  const value = (v: unknown): string => {
    if (v === null || v === undefined || v === '') return '∅';
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'number' || /^-?\d+(\.\d+)?$/.test(String(v))) return String(Number(v));
    // PostgreSQL's CHAR(n) comes back padded: SQL's CHAR ignores trailing spaces.
    return String(v).replace(/ +$/, '');
  };
  return rows.map((row) => Object.values(row).map(value).join('|')).sort();
}

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'hopify-exact-'));

async function outcome(spec: string, target: (dir: string) => string, options: { schema?: string } = {}): Promise<UserError | undefined> {
  try {
    await run(writeSpec(spec), { target: target(tempDir()), create: true, ...options });
    return undefined;
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
}

let reference: Dump;
beforeAll(async () => {
  const file = join(tempDir(), 'exact.db');
  await run(writeSpec(SPEC), { target: file });
  const db = new Database(file, { readonly: true });
  reference = Object.fromEntries(TABLES.map((t) => [t, canonical(db.prepare(`SELECT * FROM ${t}`).all() as Record<string, unknown>[])]));
  db.close();
  expect(reference.partsupp).toHaveLength(24);
  expect(reference.lineitem).toHaveLength(40);
});

/** Rounding spelt out on text: the 15-significant-digit decimal of `value`, rounded half away from zero at `scale`. */
function referenceRounding(value: number, scale: number): number {
  const [mantissa, exponent] = Number(value.toPrecision(15)).toExponential().split('e');
  const digits = mantissa.replace(/[-.]/g, '');
  const point = Number(exponent) + 1;
  const fixed = (point > 0 ? digits.padEnd(point + scale, '0') : '0'.repeat(-point) + digits.padEnd(scale + point, '0')).padEnd(1, '0');
  const units = BigInt(fixed.slice(0, Math.max(point, 0) + scale) || '0') + (Number(fixed[Math.max(point, 0) + scale] ?? '0') >= 5 ? 1n : 0n);
  return Number(`${value < 0 ? '-' : ''}${units}e-${scale}`) + 0;
}

describe('decimal rounding', () => {
  it('agrees with rounding on the digits, for sums, products and values at a half', () => {
    let seed = 7;
    const next = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const differing: [number, number][] = [];
    for (let i = 0; i < 20000; i++) {
      const scale = Math.floor(next() * 5);
      const cents = Math.round(next() * 1e7) / 100;
      const values = [cents * Math.floor(next() * 50 + 1), cents + Math.round(next() * 1e6) / 100, -cents * 1.005, (Math.floor(next() * 1e6) + 0.5) / 10 ** scale, next() * 10 ** Math.floor(next() * 12)];
      for (const value of values) if (roundDecimal(value, scale) !== referenceRounding(value, scale)) differing.push([value, scale]);
    }
    expect(differing).toEqual([]);
  });

  it('rounds the decimal a double prints as, half away from zero', () => {
    expect(roundDecimal(1.005, 2)).toBe(1.01);
    expect(roundDecimal(2.675, 2)).toBe(2.68);
    expect(roundDecimal(2861.0499999999997, 2)).toBe(2861.05);
    expect(roundDecimal(-1.005, 2)).toBe(-1.01);
    expect(roundDecimal(0.005, 2)).toBe(0.01);
    expect(roundDecimal(1.5, 0)).toBe(2);
    expect(roundDecimal(123.456, 1)).toBe(123.5);
    expect(roundDecimal(1e-7, 2)).toBe(0);
    expect(Object.is(roundDecimal(-0.001, 2), 0)).toBe(true);
    expect(roundDecimal(12.5, 2)).toBe(12.5);
    expect(roundDecimal(27 * 1.005, 2)).toBe(27.14);
    expect(roundDecimal(0.1 + 0.2, 16)).toBe(0.3);
  });
});

describe('SQLite', () => {
  it('declares the sized types, and keeps decimal values at their scale', () => {
    const file = join(tempDir(), 'exact.db');
    return run(writeSpec(SPEC), { target: file }).then(() => {
      const db = new Database(file, { readonly: true });
      const declared = Object.fromEntries((db.prepare('PRAGMA table_info(parts)').all() as { name: string; type: string }[]).map((c) => [c.name, c.type.toLowerCase()]));
      expect(declared).toMatchObject(SIZED);
      const parts = db.prepare('SELECT * FROM parts').all() as Record<string, number | string>[];
      for (const part of parts) {
        expect(Number(part.p_retail)).toBe(roundDecimal(Number(part.p_retail), 2));
        expect(part.p_even).toBe(roundDecimal(Number(part.p_partkey) * 0.0015, 3));
      }
      expect(parts.map((p) => p.p_type)).toContain('TIN');
      const lines = db.prepare('SELECT l_quantity, l_price FROM lineitem').all() as { l_quantity: number; l_price: number }[];
      // Each price is the exact product rounded half up (27 × 1.005 = 27.135 → 27.14), though the double product is 27.134999999999998.
      for (const line of lines) expect(line.l_price).toBe(Math.floor((line.l_quantity * 1005 + 5) / 10) / 100);
      const keys = db.prepare('PRAGMA foreign_key_list(lineitem)').all() as { table: string; from: string; to: string }[];
      expect(keys.map((k) => [k.table, k.from, k.to])).toEqual([
        ['partsupp', 'l_partkey', 'ps_partkey'],
        ['partsupp', 'l_suppkey', 'ps_suppkey'],
      ]);
      db.close();
    });
  });

  it('refuses a composite key that names no row', async () => {
    const err = await outcome(BROKEN_KEYS, (dir) => join(dir, 'broken.db'));
    expect(err?.problems[0].code).toBe('RUN_CONSTRAINT');
  });

  it('takes a composite key to a table written later, and refuses it when it names no row', async () => {
    expect(await outcome(LATER_KEY, (dir) => join(dir, 'later.db'))).toBeUndefined();
    expect((await outcome(LATER_KEY_BROKEN, (dir) => join(dir, 'later.db')))?.problems[0].code).toBe('RUN_CONSTRAINT');
  });
});

describe('the same rows on every file target', () => {
  it('CSV', async () => {
    const folder = join(tempDir(), 'csv');
    await run(writeSpec(SPEC), { target: `csv:${folder}` });
    for (const table of TABLES) {
      const rows = parse(readFileSync(join(folder, `${table}.csv`), 'utf8'), { columns: true }) as Record<string, unknown>[];
      expect(canonical(rows)).toEqual(reference[table]);
    }
    // Decimals in plain digits, never JavaScript's exponent form.
    const [first] = parse(readFileSync(join(folder, 'parts.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect([first.p_tiny, first.p_huge]).toEqual(['0.0000001', '100000000000000000000000']);
  });

  it('Parquet, with DECIMAL columns', async () => {
    const folder = join(tempDir(), 'parquet');
    await run(writeSpec(SPEC), { target: `parquet:${folder}` });
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    const types = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${join(folder, 'parts.parquet')}')`)).getRowObjectsJS() as { column_name: string; column_type: string }[];
    expect(Object.fromEntries(types.map((t) => [t.column_name, t.column_type]))).toMatchObject({ p_retail: 'DECIMAL(12,2)', p_even: 'DECIMAL(8,3)', p_name: 'VARCHAR' });
    // Exact digits: the double nearest 1e23 is 99999999999999991611392, which must not be what is stored.
    const huge = (await connection.runAndReadAll(`SELECT p_huge::VARCHAR AS h, p_tiny::VARCHAR AS t FROM read_parquet('${join(folder, 'parts.parquet')}') WHERE p_partkey = 1`)).getRowObjectsJS();
    expect(huge).toEqual([{ h: '100000000000000000000000', t: '0.000000100' }]);
    for (const table of TABLES) {
      // DECIMAL read as text: DuckDB's exact digits, not a double.
      const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet('${join(folder, `${table}.parquet`)}')`);
      const rows = reader.getRowObjectsJson() as Record<string, unknown>[];
      expect(canonical(rows)).toEqual(reference[table]);
    }
    connection.closeSync();
  });
});

describe('validation', () => {
  it('reports unknown tables and columns of a composite key at their lines, with a did-you-mean', () => {
    const problems = validateSpec(
      SPEC.replace('columns: [l_partkey, l_suppkey], references: { table: partsupp', 'columns: [l_partkey, l_supkey], references: { table: partsup'),
    );
    expect(problems.map((p) => [p.code, p.path, p.line, p.hint])).toEqual([
      ['SPEC_UNKNOWN_COLUMN', 'tables.lineitem.foreign_keys[0].columns[1]', 29, 'did you mean "l_suppkey"?'],
      ['SPEC_UNKNOWN_TABLE', 'tables.lineitem.foreign_keys[0].references.table', 29, 'did you mean "partsupp"?'],
    ]);
  });

  it('reports an unknown column of a composite primary key at its line', () => {
    const problems = validateSpec(SPEC.replace('primary_key: [ps_partkey, ps_suppkey]', 'primary_key: [ps_partkey, ps_supkey]'));
    expect(problems.map((p) => [p.code, p.line, p.hint])).toEqual([['SPEC_UNKNOWN_COLUMN', 20, 'did you mean "ps_suppkey"?']]);
  });

  it('refuses a count mismatch and referenced columns that are no key', () => {
    const mismatch = validateSpec(SPEC.replace('columns: [ps_partkey, ps_suppkey] }', 'columns: [ps_partkey] }'));
    expect(mismatch.map((p) => p.code)).toEqual(['SPEC_BAD_OPTION']);
    expect(mismatch[0].message).toContain('2 columns refer to 1');
    const notKey = validateSpec(SPEC.replace('columns: [ps_partkey, ps_suppkey] }', 'columns: [ps_suppkey, ps_partkey] }'));
    expect(notKey.map((p) => p.code)).toEqual(['SPEC_BAD_OPTION']);
    expect(notKey[0].message).toContain('is not a key of partsupp');
    expect(notKey[0].message).toContain('(ps_partkey, ps_suppkey)');
  });

  it('refuses a scale above the precision, at its line', () => {
    const problems = validateSpec(SPEC.replace('{ decimal: [12, 2] }', '{ decimal: [2, 3] }'));
    expect(problems.map((p) => [p.code, p.path, p.line])).toEqual([['SPEC_BAD_OPTION', 'tables.parts.columns.p_retail.type.decimal', 10]]);
  });

  it('names the type as written when a spec value is no number', () => {
    const problems = validateSpec(SPEC.replace('p_even: { type: { decimal: [8, 3] }, expr: "p_partkey * 0.0015" }', 'p_even: { type: { decimal: [8, 3] }, constant: oak }'));
    expect(problems.map((p) => [p.code, p.message])).toEqual([['SPEC_TYPE_MISMATCH', '"oak" is not a number, but column "p_even" is decimal(8, 3)']]);
  });

  it('names the type as written when a value does not fit', async () => {
    const err = await outcome(SPEC.replace('p_even: { type: { decimal: [8, 3] }, expr: "p_partkey * 0.0015" }', 'p_even: { type: { decimal: [8, 3] }, from: p_name }'), (dir) => join(dir, 'x.db'));
    expect(err?.problems[0].message).toContain('does not fit column type decimal(8, 3)');
  });
});

describe('values a sized column cannot hold are run errors naming column and row', () => {
  it('a decimal with more digits before the point than precision − scale', async () => {
    const err = await outcome(SPEC.replace('{ decimal: [12, 2] }, uniform: { min: 1, max: 2000 }', '{ decimal: [5, 2] }, uniform: { min: 1000, max: 2000 }'), (dir) => join(dir, 'x.db'));
    expect(err?.problems[0]).toMatchObject({ code: 'RUN_BAD_VALUE', path: 'tables.parts.columns.p_retail' });
    expect(err?.problems[0].message).toMatch(/column "p_retail", row 1: \d+(\.\d+)? has more than 3 digits before the point, which decimal\(5, 2\) holds/);
  });

  it('text longer than a varchar', async () => {
    const err = await outcome(SPEC.replace('{ varchar: 20 }, choice: { values: [almond, antique, aquamarine] }', '{ varchar: 6 }, choice: { values: [aquamarine] }'), (dir) => join(dir, 'x.db'));
    expect(err?.problems[0]).toMatchObject({ code: 'RUN_BAD_VALUE', path: 'tables.parts.columns.p_name' });
    expect(err?.problems[0].message).toContain('row 1: "aquamarine" has 10 characters, more than varchar(6) holds');
    expect(err?.problems[0].hint).toContain('varchar: 10');
  });
});

describeWithServer(POSTGRES, 'PostgreSQL: exact types and composite keys', (url) => {
  it('creates NUMERIC/VARCHAR/CHAR and the composite key, with the same rows as SQLite', async () => {
    const schema = `hopify_exact_${randomBytes(4).toString('hex')}`;
    const knex = knexFactory({ client: 'pg', connection: url });
    try {
      await run(writeSpec(SPEC), { target: url, schema, create: true });
      const columns = (await knex.raw(`SELECT column_name, data_type, numeric_precision, numeric_scale, character_maximum_length FROM information_schema.columns WHERE table_schema = ? AND table_name = 'parts'`, [schema])).rows as Record<string, unknown>[];
      const byName = Object.fromEntries(columns.map((c) => [c.column_name, c]));
      expect(byName.p_retail).toMatchObject({ data_type: 'numeric', numeric_precision: 12, numeric_scale: 2 });
      expect(byName.p_name).toMatchObject({ data_type: 'character varying', character_maximum_length: 20 });
      expect(byName.p_type).toMatchObject({ data_type: 'character', character_maximum_length: 10 });
      const [exact] = (await knex.raw(`SELECT p_huge::text AS h, p_tiny::text AS t FROM "${schema}".parts WHERE p_partkey = 1`)).rows;
      expect(exact).toEqual({ h: '100000000000000000000000', t: '0.000000100' });
      const keys = (await knex.raw(
        `SELECT kcu.column_name FROM information_schema.table_constraints tc JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
         WHERE tc.table_schema = ? AND tc.table_name = 'lineitem' AND tc.constraint_type = 'FOREIGN KEY' ORDER BY kcu.ordinal_position`,
        [schema],
      )).rows as { column_name: string }[];
      expect(keys.map((k) => k.column_name)).toEqual(['l_partkey', 'l_suppkey']);
      for (const table of TABLES) expect(canonical((await knex.raw(`SELECT * FROM "${schema}"."${table}"`)).rows)).toEqual(reference[table]);
      const broken = await outcome(BROKEN_KEYS, () => url, { schema: `${schema}_broken` });
      expect(broken?.problems[0].code).toMatch(/RUN_CONSTRAINT|TARGET_WRITE_FAILED/);
      expect(await outcome(LATER_KEY, () => url, { schema: `${schema}_later` })).toBeUndefined();
      expect(await outcome(CHAR_CONTEXT, () => url, { schema: `${schema}_later` })).toBeUndefined();
      const echoed = (await knex.raw(`SELECT b_again FROM "${schema}_later".echo ORDER BY n`)).rows as { b_again: string }[];
      expect(echoed.map((r) => r.b_again)).toEqual(['10', '20', '30']);
      expect((await outcome(LATER_KEY_BROKEN, () => url, { schema: `${schema}_later` }))?.problems[0].message).toContain('foreign key');
    } finally {
      await knex.raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await knex.raw(`DROP SCHEMA IF EXISTS "${schema}_broken" CASCADE`);
      await knex.raw(`DROP SCHEMA IF EXISTS "${schema}_later" CASCADE`);
      await knex.destroy();
    }
  });
});

describeWithServer(MYSQL, 'MariaDB: exact types and composite keys', (url) => {
  it('creates DECIMAL/VARCHAR/CHAR and the composite key, with the same rows as SQLite', async () => {
    const database = `hopify_exact_${randomBytes(4).toString('hex')}`;
    const knex = knexFactory({ client: 'mysql2', connection: { uri: url } as never });
    try {
      await run(writeSpec(SPEC), { target: url, schema: database, create: true });
      const [columns] = await knex.raw(`SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'parts'`, [database]);
      expect(Object.fromEntries((columns as { name: string; type: string }[]).map((c) => [c.name, c.type]))).toMatchObject(SIZED);
      const [keys] = await knex.raw(
        `SELECT COLUMN_NAME AS name, REFERENCED_COLUMN_NAME AS ref FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'lineitem' AND REFERENCED_TABLE_NAME = 'partsupp' ORDER BY ORDINAL_POSITION`,
        [database],
      );
      expect((keys as { name: string; ref: string }[]).map((k) => [k.name, k.ref])).toEqual([
        ['l_partkey', 'ps_partkey'],
        ['l_suppkey', 'ps_suppkey'],
      ]);
      for (const table of TABLES) {
        const [rows] = await knex.raw(`SELECT * FROM \`${database}\`.\`${table}\``);
        expect(canonical(rows as Record<string, unknown>[])).toEqual(reference[table]);
      }
      const broken = await outcome(BROKEN_KEYS, () => url, { schema: `${database}_broken` });
      expect(broken?.problems[0].code).toBe('RUN_CONSTRAINT');
      expect(await outcome(LATER_KEY, () => url, { schema: `${database}_later` })).toBeUndefined();
      expect((await outcome(LATER_KEY_BROKEN, () => url, { schema: `${database}_later` }))?.problems[0].message).toContain('row(s) of (x, y) refer to no late(a, b)');
    } finally {
      await knex.raw(`DROP DATABASE IF EXISTS \`${database}\``);
      await knex.raw(`DROP DATABASE IF EXISTS \`${database}_broken\``);
      await knex.raw(`DROP DATABASE IF EXISTS \`${database}_later\``);
      await knex.destroy();
    }
  });
});
