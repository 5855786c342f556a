/**
 * `--workers W` into a database: the threads forward their chunks and the main thread, the
 * one writer, writes them in a single run's order, so every table reads back row for row,
 * in the same order, as the single-process run's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
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
