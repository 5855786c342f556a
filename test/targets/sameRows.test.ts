import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import knexFactory from 'knex';
import { run } from '../../engine/index';
import { MYSQL, POSTGRES, describeWithServer } from './servers';

const SHOP = join(__dirname, '..', '..', 'specs', 'examples', 'shop.yaml');
const TABLES = ['customers', 'products', 'orders', 'order_items'];
const OPTIONS = { seed: 5, scale: 0.1 };

type Dump = Record<string, string[]>;

/** One canonical line per row, in primary-key order: numbers to 6 decimals, dates as `YYYY-MM-DD HH:mm:ss`, NULL as ∅. */
function canonical(rows: Record<string, unknown>[]): string[] {
  const value = (v: unknown): string => {
    if (v === null || v === undefined || v === '') return '∅';
    if (v instanceof Date) return v.toISOString().slice(0, 19).replace('T', ' ');
    if (typeof v === 'bigint') return v.toString();
    const n = typeof v === 'number' ? v : /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(String(v)) ? Number(v) : NaN;
    if (!Number.isNaN(n)) return String(Math.round(n * 1e6) / 1e6);
    return String(v).replace('T', ' ').replace(/\.000(Z)?$/, '');
  };
  return rows.map((row) => Object.values(row).map(value).join('|')).sort((a, b) => Number(a.split('|')[0]) - Number(b.split('|')[0]));
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'hopify-same-'));
}

async function sqliteDump(): Promise<Dump> {
  const file = join(tempDir(), 'shop.db');
  await run(SHOP, { ...OPTIONS, target: file });
  const db = new Database(file, { readonly: true });
  const dump = Object.fromEntries(TABLES.map((t) => [t, canonical(db.prepare(`SELECT * FROM ${t}`).all() as Record<string, unknown>[])]));
  db.close();
  return dump;
}

let reference: Dump;
beforeAll(async () => {
  reference = await sqliteDump();
  // The comparison means something only over real rows.
  expect(reference.customers).toHaveLength(200);
  expect(reference.order_items.length).toBeGreaterThan(reference.orders.length);
});

describe('the same spec and seed give the same rows on every target', () => {
  it('CSV', async () => {
    const folder = join(tempDir(), 'csv');
    await run(SHOP, { ...OPTIONS, target: `csv:${folder}` });
    for (const table of TABLES) {
      const rows = parse(readFileSync(join(folder, `${table}.csv`), 'utf8'), { columns: true }) as Record<string, unknown>[];
      expect(canonical(rows)).toEqual(reference[table]);
    }
  });

  it('Parquet (read back by DuckDB)', async () => {
    const folder = join(tempDir(), 'parquet');
    await run(SHOP, { ...OPTIONS, target: `parquet:${folder}` });
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    for (const table of TABLES) {
      const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet('${join(folder, `${table}.parquet`)}')`);
      expect(canonical(reader.getRowObjectsJS() as Record<string, unknown>[])).toEqual(reference[table]);
    }
    connection.closeSync();
  });
});

describeWithServer(POSTGRES, 'PostgreSQL has the same rows as SQLite', (url) => {
  it('PostgreSQL', async () => {
    const schema = `hopify_same_${randomBytes(4).toString('hex')}`;
    const knex = knexFactory({ client: 'pg', connection: url });
    try {
      await run(SHOP, { ...OPTIONS, target: url, schema });
      for (const table of TABLES) {
        const rows = (await knex.raw(`SELECT * FROM "${schema}"."${table}"`)).rows as Record<string, unknown>[];
        expect(canonical(rows)).toEqual(reference[table]);
      }
    } finally {
      await knex.raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await knex.destroy();
    }
  });
});

describeWithServer(MYSQL, 'MariaDB has the same rows as SQLite', (url) => {
  it('MariaDB', async () => {
    const database = `hopify_same_${randomBytes(4).toString('hex')}`;
    const knex = knexFactory({ client: 'mysql2', connection: { uri: url, dateStrings: true } as never });
    try {
      await run(SHOP, { ...OPTIONS, target: url, schema: database });
      for (const table of TABLES) {
        const [rows] = await knex.raw(`SELECT * FROM \`${database}\`.\`${table}\``);
        expect(canonical(rows as Record<string, unknown>[])).toEqual(reference[table]);
      }
    } finally {
      await knex.raw(`DROP DATABASE IF EXISTS \`${database}\``);
      await knex.destroy();
    }
  });
});
