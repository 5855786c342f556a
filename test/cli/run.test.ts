import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cli, cliProcess } from '../helpers/cli';

const SHOP = 'specs/examples/shop.yaml';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'hopify-cli-'));
}

describe('hopify-engine run', () => {
  it('writes a SQLite file whose foreign keys all resolve and whose tables have the expected counts', () => {
    const out = join(tempDir(), 'shop.db');
    const result = cli(['run', SHOP, '--out', out, '--seed', '7']);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/customers\s+2,000 rows/);
    expect(result.stdout).toContain(`wrote ${out}`);
    const db = new Database(out, { readonly: true });
    try {
      expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
      const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
      expect(count('customers')).toBe(2000);
      expect(count('products')).toBe(120);
      expect(count('orders')).toBeGreaterThan(2000);
      expect(count('order_items')).toBeGreaterThan(count('orders'));
      const early = db.prepare('SELECT COUNT(*) AS n FROM orders o JOIN customers c USING (customer_id) WHERE o.order_date < c.signup_date').get() as { n: number };
      expect(early.n).toBe(0);
    } finally {
      db.close();
    }
  });

  it('scales counts with --scale and overrides params with --set', () => {
    const out = join(tempDir(), 'shop.db');
    expect(cli(['run', SHOP, '--out', out, '--scale', '0.5', '--set', 'params.products=40', '--quiet']).status).toBe(0);
    const db = new Database(out, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM customers').get()).toEqual({ n: 1000 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM products').get()).toEqual({ n: 40 });
    db.close();
  });

  it('runs only the named tables and their dependencies with --tables', () => {
    const out = join(tempDir(), 'shop.db');
    const result = cli(['run', SHOP, '--out', out, '--tables', 'orders', '--json']);
    expect(result.status).toBe(0);
    const summary = JSON.parse(result.stdout) as { tables: { name: string }[] };
    expect(summary.tables.map((t) => t.name)).toEqual(['customers', 'orders']);
  });

  it('gives the same bytes for the same seed with either SQLite client', () => {
    const dir = tempDir();
    cli(['run', SHOP, '--out', join(dir, 'a.db'), '--seed', '7', '--quiet']);
    cli(['run', SHOP, '--out', join(dir, 'b.db'), '--seed', '7', '--quiet', '--sqlite-client', 'sqlite3']);
    const dump = (file: string) => {
      const db = new Database(file, { readonly: true });
      const rows = db.prepare('SELECT * FROM order_items ORDER BY order_item_id').all();
      db.close();
      return JSON.stringify(rows);
    };
    expect(dump(join(dir, 'b.db'))).toBe(dump(join(dir, 'a.db')));
  });

  it('leaves the previous database intact when a run is interrupted', async () => {
    const dir = tempDir();
    const out = join(dir, 'shop.db');
    expect(cli(['run', SHOP, '--out', out, '--quiet']).status).toBe(0);
    const before = readFileSync(out);
    const child = cliProcess(['run', SHOP, '--out', out, '--scale', '50', '--progress']);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    // Wait until generation has started (first table reported), then interrupt.
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (/customers/.test(stderr)) {
          clearInterval(timer);
          child.kill('SIGINT');
          resolve();
        }
      }, 20);
    });
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(status).toBe(130);
    expect(stderr).toMatch(/RUN_INTERRUPTED/);
    expect(readFileSync(out).equals(before)).toBe(true);
    expect(statSync(dir).isDirectory()).toBe(true);
    const leftovers = require('node:fs').readdirSync(dir) as string[];
    expect(leftovers).toEqual(['shop.db']);
  });

  it('exits 1 without a stack trace on a user error, 0 on --help', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.yaml'), 'name: x\ntables: {}\n');
    const bad = cli(['run', join(dir, 'bad.yaml'), '--out', join(dir, 'x.db')]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect(cli(['run', '--help']).status).toBe(0);
  });
});
