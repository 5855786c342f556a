import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { compileSpecFile, run, type CompiledSpec } from '../../engine/index';
import { runCompiled } from '../../engine/run/runCompiled';
import { resolveTarget } from '../../engine/targets/resolveTarget';
import { MYSQL, POSTGRES, describeWithServer } from './servers';

/**
 * Every spec under specs/ gives the same rows on all five targets: SQLite (the reference),
 * CSV, Parquet read by DuckDB, PostgreSQL and MariaDB. Values are compared exactly: a number
 * as the shortest text that reads back as its double, a decimal as its exact digits, an
 * integer as all its digits. Only a target's representation is normalised, never a value.
 */

const SPECS_DIR = join(__dirname, '..', '..', 'specs');

/**
 * v15 at 0.011 is the smallest scale at which PostgreSQL's orders.total_amount differed from
 * SQLite's (2 rows of 2,212; 0.01 showed none) while context aggregates kept each
 * database's float summation; every spec runs at it, small enough to be quick.
 */
const SCALE = 0.011;
const TIMEOUT = 180_000;

/**
 * The specs to compare, found by listing the folder so new ones are covered: every YAML file
 * with a top-level `tables:` map is a whole spec (the guide's steps are whole specs too).
 * A YAML file without one is a fragment another spec includes or extends, not runnable alone.
 */
function wholeSpecs(folder: string): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((name) => {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) return wholeSpecs(path);
      if (!/\.ya?ml$/.test(name)) return [];
      const document = parseYaml(readFileSync(path, 'utf8'), { merge: true }) as Record<string, unknown> | null;
      const tables = document?.tables;
      return tables && typeof tables === 'object' && !Array.isArray(tables) ? [path] : [];
    });
}

const SPECS = wholeSpecs(SPECS_DIR);

interface Column {
  name: string;
  type: string;
  /** CHAR(n): PostgreSQL pads it with spaces. */
  fixedLength: boolean;
}

interface Table {
  name: string;
  columns: Column[];
  /** Sort order of the dump: the primary key, or every column when there is none. */
  orderBy: number[];
}

/** Per table, one canonical line per row, in key order. */
type Dump = Map<string, string[]>;

/** The written tables of a compiled spec, with their column types, as the engine declares them on every target. */
function tablesOf(compiled: CompiledSpec): Table[] {
  return compiled.order
    .map((name) => compiled.tables.get(name)!)
    .filter((table) => table.written)
    .map(({ def }) => {
      const columns = def.columns.map((c) => ({ name: c.name, type: c.type, fixedLength: (c as { exact?: { kind?: string } }).exact?.kind === 'char' }));
      const keyAt = def.primaryKey.map((key) => columns.findIndex((c) => c.name === key));
      return { name: def.name, columns, orderBy: keyAt.length ? keyAt : columns.map((_, i) => i) };
    });
}

const NULL = '∅';
/** An integer's text as BigInt prints it: no sign but a minus, no leading zero. */
const CANONICAL_INTEGER = /^(?:0|-?[1-9]\d*)$/;

/**
 * A value as canonical text, from any target's representation of the column's type.
 * Representations normalised here, each one a target's own way of writing the same value:
 * CSV writes NULL as an empty field (so '' and NULL are one there); PostgreSQL pads CHAR(n)
 * with spaces; booleans are 1/0 everywhere but Parquet, which DuckDB reads as true/false;
 * decimals come back as 12.5 or 12.50; a `YYYY-MM` month is its first day on the servers and
 * in Parquet; a timestamp may be written with a T. Every reader below asks for dates as text.
 */
function canonical(value: unknown, column: Column): string {
  if (value === null || value === undefined || value === '') return NULL;
  switch (column.type) {
    case 'integer':
      // Text already canonical, and values that are exact as they come, skip BigInt: the same text, a third of the CPU.
      if (typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value))) return String(value);
      if (typeof value === 'string' && CANONICAL_INTEGER.test(value)) return value;
      return BigInt(typeof value === 'number' ? value : String(value)).toString();
    case 'real':
      // The shortest text that reads back as the same double: equal texts, equal doubles.
      return String(typeof value === 'number' ? value : Number(String(value)));
    case 'decimal':
      return decimalText(String(value));
    case 'boolean':
      // Anything else stays as it came, and differs from the reference's 1/0.
      return ['1', 'true'].includes(String(value)) ? '1' : ['0', 'false'].includes(String(value)) ? '0' : String(value);
    case 'date':
    case 'datetime':
      // A `YYYY-MM` month is stored by the servers and Parquet as its first day (docs/targets.md).
      return String(value).replace('T', ' ').replace(/^(\d{4}-\d{2})$/, '$1-01');
    default:
      return column.fixedLength ? String(value).replace(/ +$/, '') : String(value);
  }
}

/** A decimal's digits without trailing fraction zeros (12.50 and 12.5 are one value); exponent notation of a double spelt out. */
function decimalText(text: string): string {
  const plain = /e/i.test(text) ? Number(text).toFixed(20) : text;
  const [whole, fraction = ''] = plain.split('.');
  const digits = fraction.replace(/0+$/, '');
  const result = digits ? `${whole}.${digits}` : whole;
  return /^-0(\.0*)?$/.test(result) ? '0' : result;
}

/** Rows (arrays in the table's column order) as sorted canonical lines. */
function dumpRows(table: Table, rows: unknown[][]): string[] {
  const { orderBy } = table;
  const numeric = orderBy.map((i) => ['integer', 'real', 'decimal'].includes(table.columns[i].type));
  // Each row's line and numeric sort keys made once, not in every comparison of the sort.
  const lines = rows.map((row) => {
    const values = row.map((value, i) => canonical(value, table.columns[i]));
    return { values, text: values.join('|'), numbers: orderBy.map((i, n) => (numeric[n] && values[i] !== NULL ? Number(values[i]) : NaN)) };
  });
  lines.sort((a, b) => {
    for (let n = 0; n < orderBy.length; n++) {
      const [x, y] = [a.values[orderBy[n]], b.values[orderBy[n]]];
      if (x === y) continue;
      if (numeric[n] && x !== NULL && y !== NULL) return a.numbers[n] - b.numbers[n] || (x < y ? -1 : 1);
      return x < y ? -1 : 1;
    }
    return a.text < b.text ? -1 : 1;
  });
  return lines.map((line) => line.text);
}

/** The rows that differ, at most a few of them, with their position: empty when the dumps are equal. */
function differences(expected: Dump, actual: Dump): string[] {
  const found: string[] = [];
  for (const [table, rows] of expected) {
    const got = actual.get(table) ?? [];
    if (got.length !== rows.length) found.push(`${table}: ${got.length} rows, expected ${rows.length}`);
    for (let i = 0; i < rows.length && found.length < 5; i++) if (got[i] !== rows[i]) found.push(`${table} row ${i + 1}: ${got[i]} ≠ ${rows[i]}`);
  }
  return found;
}

const quoted = (name: string, quote = '"') => `${quote}${name}${quote}`;
const selectAll = (table: Table, quote = '"', from = quoted(table.name, quote)) => `SELECT ${table.columns.map((c) => quoted(c.name, quote)).join(', ')} FROM ${from}`;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'hopify-same-'));
}

interface Reference {
  tables: Table[];
  dump: Dump;
}

const references = new Map<string, Promise<Reference>>();

/** The SQLite run of a spec, generated once and shared by every target's comparison. */
function reference(spec: string): Promise<Reference> {
  if (!references.has(spec)) {
    references.set(
      spec,
      (async () => {
        const folder = tempDir();
        const target = join(folder, 'out.db');
        try {
          // Compiled once, for its tables and for the run (what `run` does, without compiling it again).
          const compiled = compileSpecFile(spec, { scale: SCALE, target });
          const tables = tablesOf(compiled);
          await runCompiled(compiled, resolveTarget(target));
          const db = new Database(join(folder, 'out.db'), { readonly: true });
          // All of an integer's digits, past 2^53 too.
          const dump: Dump = new Map(tables.map((t) => [t.name, dumpRows(t, db.prepare(selectAll(t)).safeIntegers(true).raw().all() as unknown[][])]));
          db.close();
          return { tables, dump };
        } finally {
          rmSync(folder, { recursive: true, force: true });
        }
      })(),
    );
  }
  return references.get(spec)!;
}

const name = (spec: string) => relative(SPECS_DIR, spec);

describe('the specs under specs/', () => {
  it('include v15 and the examples, and every one makes rows at the compared scale', async () => {
    expect(SPECS.map(name)).toEqual(expect.arrayContaining(['v15.yaml', 'examples/shop.yaml']));
    for (const spec of SPECS) {
      const { dump } = await reference(spec);
      expect([name(spec), [...dump.values()].some((rows) => rows.length > 0)]).toEqual([name(spec), true]);
    }
  }, TIMEOUT * SPECS.length);

  it('v15 at the compared scale holds orders whose totals come from a context aggregate', async () => {
    const { dump } = await reference(join(SPECS_DIR, 'v15.yaml'));
    expect(dump.get('orders')!.length).toBeGreaterThan(2000);
  }, TIMEOUT);
});

describe.each(SPECS.map((spec) => [name(spec), spec]))('%s gives the same rows as SQLite', (_, spec) => {
  it('in CSV', async () => {
    const { tables, dump } = await reference(spec);
    const folder = tempDir();
    try {
      await run(spec, { scale: SCALE, target: `csv:${folder}` });
      const actual: Dump = new Map(
        tables.map((t) => {
          const rows = parseCsv(readFileSync(join(folder, `${t.name}.csv`), 'utf8'), { columns: true }) as Record<string, unknown>[];
          return [t.name, dumpRows(t, rows.map((row) => t.columns.map((c) => row[c.name])))];
        }),
      );
      expect(differences(dump, actual)).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, TIMEOUT);

  it('in Parquet, read by DuckDB', async () => {
    const { tables, dump } = await reference(spec);
    const folder = tempDir();
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    try {
      await run(spec, { scale: SCALE, target: `parquet:${folder}` });
      const actual: Dump = new Map();
      for (const t of tables) {
        const reader = await connection.runAndReadAll(selectAll(t, '"', `read_parquet('${join(folder, `${t.name}.parquet`)}')`));
        // JSON values: doubles as numbers, decimals and big integers as their exact text.
        const rows = reader.getRowObjectsJson() as Record<string, unknown>[];
        actual.set(t.name, dumpRows(t, rows.map((row) => t.columns.map((c) => row[c.name]))));
      }
      expect(differences(dump, actual)).toEqual([]);
    } finally {
      connection.closeSync();
      rmSync(folder, { recursive: true, force: true });
    }
  }, TIMEOUT);
});

describeWithServer(POSTGRES, 'PostgreSQL has the same rows as SQLite', (url) => {
  it.each(SPECS.map((spec) => [name(spec), spec]))('%s', async (_, spec) => {
    const { tables, dump } = await reference(spec);
    const schema = `hopify_same_${randomBytes(4).toString('hex')}`;
    const { Client } = await import('pg');
    // Every value as the server's text: doubles print as their shortest exact form, nothing is parsed on the way.
    const client = new Client({ connectionString: url, types: { getTypeParser: () => (text: string) => text } as never });
    await client.connect();
    try {
      await run(spec, { scale: SCALE, target: url, schema, create: true });
      const actual: Dump = new Map();
      for (const t of tables) {
        const result = await client.query({ text: selectAll(t, '"', `"${schema}"."${t.name}"`), rowMode: 'array' });
        actual.set(t.name, dumpRows(t, result.rows as unknown[][]));
      }
      expect(differences(dump, actual)).toEqual([]);
    } finally {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  }, TIMEOUT);
});

describeWithServer(MYSQL, 'MariaDB has the same rows as SQLite', (url) => {
  it.each(SPECS.map((spec) => [name(spec), spec]))('%s', async (_, spec) => {
    const { tables, dump } = await reference(spec);
    const database = `hopify_same_${randomBytes(4).toString('hex')}`;
    const mysql = await import('mysql2/promise');
    // Dates as text, DECIMAL and BIGINT as their exact digits, DOUBLE parsed from all the digits the server sends.
    const connection = await mysql.createConnection({ uri: url, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true, decimalNumbers: false });
    try {
      await run(spec, { scale: SCALE, target: url, schema: database, create: true });
      const actual: Dump = new Map();
      for (const t of tables) {
        const [rows] = await connection.query({ sql: selectAll(t, '`', `\`${database}\`.\`${t.name}\``), rowsAsArray: true });
        actual.set(t.name, dumpRows(t, rows as unknown[][]));
      }
      expect(differences(dump, actual)).toEqual([]);
    } finally {
      await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await connection.end();
    }
  }, TIMEOUT);
});
