import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import Database from 'better-sqlite3';
import { parse } from 'yaml';
import { compileSpecFile, type CompiledSpec } from '../../engine/index';
import { runChecks } from '../../engine/report/checks';
import { openDatabase } from '../../engine/report/database';
import { writtenTables } from '../../engine/sql/specSqlPieces';
import { cli, ROOT } from '../helpers/cli';

const TPCH = 'specs/examples/tpch.yaml';
const QUERIES = join(ROOT, 'specs', 'examples', 'tpch', 'queries');
// The smallest tidy scale at which every query finds rows: Q20 needs forest parts supplied from
// Canada and shipped in 1994, Q18 orders of more than 300 units (about 1 in 10,000 orders).
const SCALE = 0.05;
const TABLES = ['region', 'nation', 'part', 'supplier', 'partsupp', 'customer', 'orders', 'lineitem'];
const checkNames = Object.keys((parse(readFileSync(join(ROOT, TPCH), 'utf8')) as { checks: Record<string, unknown> }).checks);

/**
 * The columns of the specification (clause 1.4.1), in order: I an identifier or integer, D a
 * decimal (DECIMAL(15,2) here), T a date, Cn CHAR(n), Vn VARCHAR(n).
 */
const SCHEMA: Record<string, string> = {
  region: 'r_regionkey I, r_name C25, r_comment V152',
  nation: 'n_nationkey I, n_name C25, n_regionkey I, n_comment V152',
  part: 'p_partkey I, p_name V55, p_mfgr C25, p_brand C10, p_type V25, p_size I, p_container C10, p_retailprice D, p_comment V23',
  supplier: 's_suppkey I, s_name C25, s_address V40, s_nationkey I, s_phone C15, s_acctbal D, s_comment V101',
  partsupp: 'ps_partkey I, ps_suppkey I, ps_availqty I, ps_supplycost D, ps_comment V199',
  customer: 'c_custkey I, c_name V25, c_address V40, c_nationkey I, c_phone C15, c_acctbal D, c_mktsegment C10, c_comment V117',
  orders: 'o_orderkey I, o_custkey I, o_orderstatus C1, o_totalprice D, o_orderdate T, o_orderpriority C15, o_clerk C15, o_shippriority I, o_comment V79',
  lineitem:
    'l_orderkey I, l_partkey I, l_suppkey I, l_linenumber I, l_quantity D, l_extendedprice D, l_discount D, l_tax D, l_returnflag C1, l_linestatus C1, l_shipdate T, l_commitdate T, l_receiptdate T, l_shipinstruct C25, l_shipmode C10, l_comment V44',
};
const columnsOf = (table: string) => SCHEMA[table].split(', ').map((c) => c.split(' ') as [string, string]);
/** The declared type per target: SQLite keeps dates as text (docs/targets.md), DuckDB reads Parquet's integers as BIGINT and text as VARCHAR. */
const sqliteType = (code: string) =>
  code === 'I' ? 'INTEGER' : code === 'D' ? 'DECIMAL(15,2)' : code === 'T' ? 'TEXT' : `${code[0] === 'C' ? 'CHAR' : 'VARCHAR'}(${code.slice(1)})`;
const duckdbType = (code: string) => (code === 'I' ? 'BIGINT' : code === 'D' ? 'DECIMAL(15,2)' : code === 'T' ? 'DATE' : 'VARCHAR');

/** A DuckDB value as SQLite gives it: dates as ISO text, big integers as numbers. */
const asSqlite = (value: unknown): unknown =>
  value instanceof Date ? value.toISOString().slice(0, 10) : typeof value === 'bigint' ? Number(value) : value;

/**
 * Edits that each break one rule in one place, made on a small copy: `check` must then report
 * that check. Every check of the spec needs at least one (a check no edit breaks proves nothing).
 */
const violations: { check: string; breaks: string; sql: string }[] = [
  { check: 'foreign_keys', breaks: 'a line item from a supplier that does not supply its part', sql: `UPDATE lineitem SET l_suppkey = (SELECT MIN(s_suppkey) FROM supplier WHERE NOT EXISTS (SELECT 1 FROM partsupp WHERE ps_partkey = lineitem.l_partkey AND ps_suppkey = s_suppkey)) WHERE l_orderkey = 1 AND l_linenumber = 1` },
  { check: 'row_counts', breaks: 'a customer fewer', sql: 'DELETE FROM customer WHERE c_custkey = 3' },
  { check: 'part_retailprice', breaks: 'a retail price a cent off the formula', sql: 'UPDATE part SET p_retailprice = p_retailprice + 0.01 WHERE p_partkey = 1' },
  { check: 'part_name', breaks: 'a colour twice in a name', sql: "UPDATE part SET p_name = 'green green blue red pink' WHERE p_partkey = 1" },
  { check: 'part_name', breaks: 'a word that is no colour', sql: "UPDATE part SET p_name = 'green mauve blue red pink' WHERE p_partkey = 1" },
  { check: 'part_codes', breaks: "a brand of another manufacturer's number", sql: "UPDATE part SET p_brand = 'Brand#' || (SUBSTR(p_mfgr, 14, 1) % 5 + 1) || '1' WHERE p_partkey = 1" },
  { check: 'partsupp_suppliers', breaks: 'a part with three suppliers', sql: 'DELETE FROM partsupp WHERE rowid = (SELECT MIN(rowid) FROM partsupp WHERE NOT EXISTS (SELECT 1 FROM lineitem WHERE l_partkey = ps_partkey AND l_suppkey = ps_suppkey))' },
  { check: 'names_and_phones', breaks: "a phone with another nation's country code", sql: "UPDATE customer SET c_phone = '10' || SUBSTR(c_phone, 3) WHERE c_custkey = (SELECT MIN(c_custkey) FROM customer WHERE c_nationkey <> 0)" },
  { check: 'orders_keys_and_dates', breaks: 'an order of a customer whose key is a multiple of 3', sql: 'UPDATE orders SET o_custkey = 3 WHERE o_orderkey = 1' },
  { check: 'lines_per_order', breaks: "an order's first line item missing", sql: 'DELETE FROM lineitem WHERE l_orderkey = 1 AND l_linenumber = 1' },
  { check: 'lineitem_values', breaks: 'an extended price off by a cent', sql: 'UPDATE lineitem SET l_extendedprice = l_extendedprice + 0.01 WHERE rowid = 1' },
  { check: 'lineitem_dates', breaks: 'a commit date on the order date', sql: 'UPDATE lineitem SET l_commitdate = (SELECT o_orderdate FROM orders WHERE o_orderkey = l_orderkey) WHERE rowid = 1' },
  { check: 'lineitem_flags', breaks: 'a line received before CURRENTDATE flagged N', sql: "UPDATE lineitem SET l_returnflag = 'N' WHERE rowid = (SELECT MIN(rowid) FROM lineitem WHERE l_receiptdate <= '1995-06-17')" },
  { check: 'order_total_and_status', breaks: 'a total a cent too high', sql: 'UPDATE orders SET o_totalprice = o_totalprice + 0.01 WHERE o_orderkey = 1' },
  { check: 'order_total_and_status', breaks: 'a shipped order marked partly shipped', sql: "UPDATE orders SET o_orderstatus = 'P' WHERE o_orderkey = (SELECT MIN(o_orderkey) FROM orders WHERE o_orderstatus = 'F')" },
  { check: 'comment_lengths', breaks: 'a line comment of 5 characters', sql: "UPDATE lineitem SET l_comment = 'short' WHERE rowid = 1" },
];

describe('specs/examples/tpch.yaml', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hopify-tpch-'));
  const out = join(dir, 'tpch.db');
  const parquet = join(dir, 'parquet');
  const queries = readdirSync(QUERIES).filter((f) => f.endsWith('.sql')).sort();
  let db: Database.Database;
  let duckdb: DuckDBInstance;
  let duck: DuckDBConnection;

  beforeAll(async () => {
    // The CLI runs the build (npm test builds it first, in pretest).
    if (!existsSync(join(ROOT, 'dist', 'engine', 'cli', 'main.js'))) throw new Error('dist is missing: run `npm run build` (npm test does it in pretest)');
    for (const target of [out, `parquet:${parquet}`]) {
      const result = cli(['run', TPCH, '--target', target, '--scale', String(SCALE), '--quiet']);
      expect([result.status, result.stderr]).toEqual([0, '']);
    }
    db = new Database(out, { readonly: true });
    duckdb = await DuckDBInstance.create(':memory:');
    duck = await duckdb.connect();
    for (const table of TABLES) await duck.run(`CREATE VIEW ${table} AS SELECT * FROM read_parquet('${join(parquet, `${table}.parquet`)}')`);
  }, 300_000);

  afterAll(() => {
    db?.close();
    duck?.closeSync();
    duckdb?.closeSync();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = (sql: string): number => db.prepare(sql).pluck().get() as number;
  const duckRows = async (sql: string) => (await duck.runAndReadAll(sql)).getRowObjectsJS();

  test('has the 22 queries of the specification', () => {
    expect(queries).toEqual(Array.from({ length: 22 }, (_, i) => `q${String(i + 1).padStart(2, '0')}.sql`));
  });

  test('has the row counts of the specification at its scale factor', async () => {
    const expected: Record<string, number> = { region: 5, nation: 25, part: 200_000 * SCALE, supplier: 10_000 * SCALE, partsupp: 800_000 * SCALE, customer: 150_000 * SCALE, orders: 1_500_000 * SCALE };
    for (const [table, rows] of Object.entries(expected)) {
      expect([table, count(`SELECT COUNT(*) FROM ${table}`)]).toEqual([table, rows]);
      expect([table, Number((await duckRows(`SELECT COUNT(*) AS n FROM ${table}`))[0].n)]).toEqual([table, rows]);
    }
    // 1 … 7 line items per order, uniformly: about 6,000,000 × SF.
    const lines = count('SELECT COUNT(*) FROM lineitem');
    expect(lines / expected.orders).toBeGreaterThan(3.95);
    expect(lines / expected.orders).toBeLessThan(4.05);
    expect(Number((await duckRows('SELECT COUNT(*) AS n FROM lineitem'))[0].n)).toBe(lines);
    // Orders only from the two thirds of customers whose key is not a multiple of 3.
    expect(count('SELECT COUNT(DISTINCT o_custkey) FROM orders')).toBeGreaterThan(0.9 * (2 / 3) * expected.customer);
  });

  test('passes every check it states', () => {
    const result = cli(['check', TPCH, '--db', out]);
    expect([result.status, result.stderr]).toEqual([0, '']);
    for (const name of ['foreign_keys', ...checkNames]) expect(result.stdout).toMatch(new RegExp(`^\\s*${name}\\s+ok$`, 'm'));
  });

  test("declares the specification's column types in SQLite and in Parquet", async () => {
    for (const table of TABLES) {
      const declared = (db.pragma(`table_info(${table})`) as { name: string; type: string }[]).map((c) => `${c.name} ${c.type}`);
      expect(declared).toEqual(columnsOf(table).map(([name, code]) => `${name} ${sqliteType(code)}`));
      const described = (await duckRows(`DESCRIBE ${table}`)).map((c) => `${c.column_name} ${c.column_type}`);
      expect(described).toEqual(columnsOf(table).map(([name, code]) => `${name} ${duckdbType(code)}`));
    }
  });

  test.each(queries)('%s returns rows, the same answer on SQLite and on DuckDB over the Parquet files', async (file) => {
    const sql = readFileSync(join(QUERIES, file), 'utf8');
    const sqliteRows = db.prepare(sql).raw().all() as unknown[][];
    const duckdbRows = (await duck.runAndReadAll(sql)).getRowsJS().map((row) => row.map(asSqlite));
    expect(sqliteRows.length).toBeGreaterThan(0);
    // An aggregate over no rows is one row of NULLs: a found row has values.
    expect(sqliteRows[0].some((v) => v !== null)).toBe(true);
    // The same data: the same rows, numbers equal up to float rounding (SQLite sums doubles, DuckDB decimals).
    expect(duckdbRows.length).toBe(sqliteRows.length);
    sqliteRows.forEach((row, i) =>
      row.forEach((value, j) => {
        const other = duckdbRows[i][j];
        if (typeof value === 'number' && typeof other === 'number') expect(Math.abs(value - other)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(value)));
        else expect([i, j, other]).toEqual([i, j, value]);
      }),
    );
  });

  describe('every check catches a broken rule', () => {
    const small = join(dir, 'small.db');
    /** A copy of the small database with `sql` applied: it must change rows, or the edit breaks nothing. */
    const broken = (check: string, breaks: string, sql: string): string => {
      const copy = join(dir, `broken-${check}-${breaks.length}.db`);
      copyFileSync(small, copy);
      const db = new Database(copy);
      db.pragma('foreign_keys = OFF');
      expect(db.prepare(sql).run().changes).toBeGreaterThan(0);
      db.close();
      return copy;
    };
    // The checks run in this process, as `check` runs them (compiled once, not in a CLI process per
    // edit); each edit by the check it breaks. The CLI's exit code and report of a broken check are
    // the last test's.
    let compiled: CompiledSpec;
    /** Violating rows per check (-1 where its query failed), of the spec's checks or only `checks` (the foreign key check always runs). */
    const violationsIn = async (database: string, checks = compiled.spec.checks): Promise<Record<string, number>> => {
      const spec = { ...compiled.spec, checks };
      const reader = await openDatabase(database, { tables: writtenTables(spec), limits: compiled.limits });
      const results = await runChecks(spec, reader, new Date(compiled.asOf).toISOString().slice(0, 10)).finally(() => reader.close());
      return Object.fromEntries(results.map((r) => [r.name, r.error ? -1 : r.violations]));
    };
    beforeAll(() => {
      const result = cli(['run', TPCH, '--out', small, '--scale', '0.01', '--quiet']);
      expect([result.status, result.stderr]).toEqual([0, '']);
      compiled = compileSpecFile(join(ROOT, TPCH), { target: small });
    });

    test('every check has an edit that breaks it', () => {
      expect([...new Set(violations.map((v) => v.check))].sort()).toEqual(['foreign_keys', ...checkNames].sort());
    });

    test('the unbroken copy passes every check', async () => {
      const found = await violationsIn(small);
      expect(Object.keys(found).sort()).toEqual(['foreign_keys', ...checkNames].sort());
      expect(Object.entries(found).filter(([, n]) => n !== 0)).toEqual([]);
    });

    test.each(violations)('$check catches $breaks', async ({ check, breaks, sql }) => {
      const copy = broken(check, breaks, sql);
      const only = check === 'foreign_keys' ? {} : { [check]: compiled.spec.checks![check] };
      expect((await violationsIn(copy, only))[check]).toBeGreaterThan(0);
      rmSync(copy);
    });

    test('`check` exits 1 and names the broken check with its violating rows', () => {
      const [{ check, breaks, sql }] = violations.filter((v) => v.check !== 'foreign_keys');
      const result = cli(['check', TPCH, '--db', broken(check, breaks, sql)]);
      expect(result.status).toBe(1);
      expect(result.stdout).toMatch(new RegExp(`^\\s*${check}\\s+\\d+ violating row`, 'm'));
      expect(result.stdout).toMatch(new RegExp(`^\\s*foreign_keys\\s+ok$`, 'm'));
    });
  });
});
