/**
 * `--workers W` into a database: the threads forward their chunks and the main thread, the
 * one writer, writes them in a single run's order, so every table reads back row for row,
 * in the same order, as the single-process run's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import knexFactory from 'knex';
import { describeWithServer, POSTGRES } from '../targets/servers';
import { cliAsync } from './partFolders';

const CASES = [
  { spec: 'specs/examples/shop.yaml', scale: '5' },
  { spec: 'specs/v15.yaml', scale: '0.15' },
];

let work: string;
beforeAll(() => (work = mkdtempSync(join(tmpdir(), 'hopify-workers-db-'))));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function dump(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    return Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT * FROM "${table}"`).raw().all()]));
  } finally {
    db.close();
  }
}

describe.each(CASES)('$spec into SQLite with --workers 2', ({ spec, scale }) => {
  it('writes the single run\'s rows, in its order', async () => {
    const single = join(work, `${spec.replace(/\W/g, '_')}-single.db`);
    const threads = join(work, `${spec.replace(/\W/g, '_')}-workers.db`);
    for (const [out, more] of [[single, []], [threads, ['--workers', '2']]] as const) {
      expect(await cliAsync(['run', spec, '--scale', scale, '--out', out, '--quiet', ...more])).toEqual({ status: 0, stderr: '' });
    }
    const expected = dump(single);
    // More than one chunk somewhere: both threads wrote rows.
    expect(Math.max(...Object.values(expected).map((rows) => rows.length))).toBeGreaterThan(20_000);
    const actual = dump(threads);
    expect(Object.keys(actual)).toEqual(Object.keys(expected));
    for (const table of Object.keys(expected)) expect({ table, rows: actual[table] }).toEqual({ table, rows: expected[table] });
  }, 120_000);
});

describeWithServer(POSTGRES, 'specs/examples/shop.yaml into PostgreSQL with --workers 2', (url) => {
  const schemas = { single: 'scaleout_single', workers: 'scaleout_workers' };
  const knex = knexFactory({ client: 'pg', connection: url });
  afterAll(async () => {
    for (const schema of Object.values(schemas)) await knex.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await knex.destroy();
  });

  it('holds the single run\'s rows', async () => {
    for (const [name, more] of [['single', []], ['workers', ['--workers', '2']]] as const) {
      const run = await cliAsync(['run', 'specs/examples/shop.yaml', '--scale', '5', '--target', url, '--schema', schemas[name], '--quiet', ...more]);
      expect(run).toEqual({ status: 0, stderr: '' });
    }
    for (const [table, key] of [['customers', 'customer_id'], ['products', 'product_id'], ['orders', 'order_id'], ['order_items', 'order_item_id']]) {
      const rows = async (schema: string) => (await knex.raw(`SELECT * FROM ${schema}.${table} ORDER BY ${key}`)).rows;
      const expected = await rows(schemas.single);
      expect(expected.length).toBeGreaterThan(0);
      expect({ table, rows: await rows(schemas.workers) }).toEqual({ table, rows: expected });
    }
  }, 120_000);
});
