import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadSpec, run, validate, type LoadedSpec, type Problem, type RunResult, type RunSpecOptions } from '../../engine/index';
import { ROOT } from '../helpers/cli';

const SHOP = join(ROOT, 'specs', 'examples', 'shop.yaml');

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'hopify-library-'));
}

describe('library API', () => {
  test('loadSpec gives the spec as data, with params substituted and overrides applied', () => {
    const loaded: LoadedSpec = loadSpec(SHOP, { set: ['params.products=40'] });
    expect(loaded.file).toBe(SHOP);
    expect(loaded.spec.name).toBe('shop');
    expect(Object.keys(loaded.spec.tables)).toEqual(['customers', 'products', 'orders', 'order_items']);
    expect(loaded.spec.tables.products.rows).toEqual({ count: { rows: 40, scaled: false } });
  });

  test('validate lists every problem with its code and position, and none for a valid spec', () => {
    expect(validate(SHOP)).toEqual([]);
    const bad = join(tempDir(), 'bad.yaml');
    writeFileSync(bad, 'name: bad\ntables:\n  t:\n    rows: { count: 5 }\n    columns:\n      id: { type: integer, sequence: {} }\n      x: { type: txt, constant: a }\n      y: { type: text, choise: { a: 1 } }\n');
    const problems: Problem[] = validate(bad);
    expect(problems.map((p) => [p.code, p.file, p.line])).toEqual([
      ['SPEC_SCHEMA', bad, 7],
      ['SPEC_UNKNOWN_KEY', bad, 8],
    ]);
    expect(problems.every((p) => p.message.length > 0)).toBe(true);
  });

  test('run generates into the target and reports rows per table, timing and the output', async () => {
    const target = join(tempDir(), 'shop.db');
    const options: RunSpecOptions = { target, seed: 7, scale: 0.1 };
    const result: RunResult = await run(SHOP, options);
    expect(result.output).toBe(target);
    expect(result.tables.map((t) => t.name)).toEqual(['customers', 'products', 'orders', 'order_items']);
    const db = new Database(target, { readonly: true });
    try {
      for (const table of result.tables) {
        expect(table.written).toBe(true);
        expect(table.seconds).toBeGreaterThanOrEqual(0);
        expect((db.prepare(`SELECT COUNT(*) AS n FROM ${table.name}`).get() as { n: number }).n).toBe(table.rows);
      }
    } finally {
      db.close();
    }
    expect(result.tables.find((t) => t.name === 'customers')!.rows).toBe(200);
    expect(result.tables.find((t) => t.name === 'products')!.rows).toBe(120);
    expect(result.rows).toBe(result.tables.reduce((sum, t) => sum + t.rows, 0));
    expect(result.seconds).toBeGreaterThan(0);
  });

  test('the package main (the build) exports what the README imports', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; main: string };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const main = require(join(ROOT, pkg.main)) as Record<string, unknown>;
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const imported = new RegExp(`import \\{([^}]+)\\} from '${pkg.name}'`).exec(readme);
    expect(imported).not.toBeNull();
    for (const name of imported![1].split(',').map((s) => s.trim())) expect([name, typeof main[name]]).toEqual([name, 'function']);
  });
});
