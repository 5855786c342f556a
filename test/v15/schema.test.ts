import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SpecRun } from '../helpers/runSpec';
import { generate, scalar, V15_SPEC } from './v15Dataset';

interface SchemaFixture {
  tables: Record<string, { columns: [string, string][]; primary_key: string[]; not_null?: string[] }>;
  foreign_keys: string[];
  vocabularies: Record<string, (string | number)[]>;
  date_formats: Record<string, string[]>;
  locations: string[][];
  plans: Record<string, number>;
}

const fixture = JSON.parse(readFileSync(join(__dirname, '../fixtures/v15-schema.json'), 'utf8')) as SchemaFixture;
const tables = Object.keys(fixture.tables);
const ADDED_TABLES = ['acquisition_plan', 'marketing_spend'];

/** GLOB patterns of the text date formats. */
const DATE_GLOBS: Record<string, string> = {
  'YYYY-MM-DD HH:MM:SS': '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9]',
  'YYYY-MM-DD': '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]',
  'YYYY-MM': '[12][0-9][0-9][0-9]-[01][0-9]',
};
const STORAGE_CLASS: Record<string, string> = { INTEGER: 'integer', REAL: 'real', TEXT: 'text' };

interface ColumnInfo {
  name: string;
  type: string;
  notnull: number;
  pk: number;
}

describe('specs/v15.yaml schema', () => {
  let run: SpecRun;
  beforeAll(async () => {
    run = await generate(V15_SPEC, 0.02);
  });
  afterAll(() => run?.close());

  const columnsOf = (table: string) => run.db.prepare(`PRAGMA table_info("${table}")`).all() as ColumnInfo[];

  it.each([...tables, ...ADDED_TABLES])('%s exists and has rows', (table) => {
    expect(scalar(run, `SELECT COUNT(*) FROM "${table}"`)).toBeGreaterThan(0);
  });

  it.each(tables)('%s has the original columns, in order, with their SQLite types and primary key', (table) => {
    const expected = fixture.tables[table];
    const actual = columnsOf(table);
    // The original columns come first; extra columns may only follow them.
    expect(actual.slice(0, expected.columns.length).map((c) => [c.name, c.type])).toEqual(expected.columns);
    const primaryKey = actual.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    expect(primaryKey).toEqual(expected.primary_key);
    for (const column of expected.not_null ?? []) expect(actual.find((c) => c.name === column)?.notnull).toBe(1);
  });

  it.each(tables)('%s stores every value in its column type', (table) => {
    for (const [column, type] of fixture.tables[table].columns) {
      const wrong = scalar(run, `SELECT COUNT(*) FROM "${table}" WHERE "${column}" IS NOT NULL AND typeof("${column}") <> '${STORAGE_CLASS[type]}'`);
      expect({ column, wrong }).toEqual({ column, wrong: 0 });
    }
  });

  it('declares the original foreign keys', () => {
    const declared = tables.flatMap((table) =>
      (run.db.prepare(`PRAGMA foreign_key_list("${table}")`).all() as { table: string; from: string; to: string }[]).map((fk) => `${table}.${fk.from} -> ${fk.table}.${fk.to}`),
    );
    expect(declared).toEqual(expect.arrayContaining(fixture.foreign_keys));
  });

  it.each(Object.entries(fixture.vocabularies))('%s keeps the original vocabulary', (path, vocabulary) => {
    const [table, column] = path.split('.');
    const values = (run.db.prepare(`SELECT DISTINCT "${column}" AS v FROM "${table}" WHERE "${column}" IS NOT NULL`).all() as { v: string | number }[]).map((r) => r.v);
    expect(vocabulary).toEqual(expect.arrayContaining(values));
  });

  it.each(Object.entries(fixture.date_formats).flatMap(([format, paths]) => paths.map((path) => [path, format])))('%s is text dated %s', (path, format) => {
    const [table, column] = path.split('.');
    const off = scalar(run, `SELECT COUNT(*) FROM "${table}" WHERE "${column}" IS NOT NULL AND NOT ("${column}" GLOB '${DATE_GLOBS[format]}')`);
    expect(off).toBe(0);
    expect(scalar(run, `SELECT COUNT("${column}") FROM "${table}"`)).toBeGreaterThan(0);
  });

  it('has the five offices and the plan prices of the reference', () => {
    const offices = run.db.prepare('SELECT name, address, city, state, postal_code, country FROM locations ORDER BY location_id').all().map((r) => Object.values(r as object));
    expect(offices).toEqual(fixture.locations);
    const prices = run.db.prepare('SELECT DISTINCT plan_type, subscription_price FROM subscriptions').all() as { plan_type: string; subscription_price: number }[];
    for (const { plan_type, subscription_price } of prices) expect(subscription_price).toBe(fixture.plans[plan_type]);
  });

  it('has 80 products (30 static, 50 generated), 50 SALE codes and the 33 benchmark rows', () => {
    expect(scalar(run, 'SELECT COUNT(*) FROM products')).toBe(80);
    expect(scalar(run, "SELECT COUNT(*) FROM products WHERE name = 'Static Product ' || product_id")).toBe(30);
    expect(run.db.prepare('SELECT discount_code FROM discounts ORDER BY discount_id').all().map((r) => (r as { discount_code: string }).discount_code)).toEqual(
      Array.from({ length: 50 }, (_, i) => `SALE${String(i + 1).padStart(2, '0')}`),
    );
    const csv = readFileSync(join(__dirname, '../../specs/data/benchmarks.csv'), 'utf8').trim().split('\n').slice(1);
    expect(scalar(run, 'SELECT COUNT(*) FROM benchmarks')).toBe(csv.length);
    expect(csv.length).toBe(33);
    expect(scalar(run, "SELECT target_value FROM benchmarks WHERE metric_name = 'ARR Target' AND segment = 'Enterprise'")).toBe(3000000);
  });
});
