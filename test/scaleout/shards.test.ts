/**
 * `--shard k/N`: three CLI processes, side by side as on three machines, write parts
 * whose union DuckDB reads as exactly the single run's tables. Scales are chosen so
 * that some tables have several chunks and are really divided among the shards.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliAsync, PartReader, tablesIn, type Format } from './partFolders';

const CASES = [
  { spec: 'specs/examples/shop.yaml', scale: '5', split: ['order_items'] },
  { spec: 'specs/v15.yaml', scale: '0.15', split: ['payments', 'order_items', 'orders'] },
];
const FORMATS: Format[] = ['parquet', 'csv'];
const SHARDS = 3;

let work: string;
let reader: PartReader;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'hopify-shards-'));
  reader = await PartReader.open();
});
afterAll(() => {
  reader.close();
  rmSync(work, { recursive: true, force: true });
});

async function runOk(args: string[]): Promise<void> {
  const { status, stderr } = await cliAsync([...args, '--quiet']);
  expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
}

describe.each(CASES)('$spec as 1 part and as 3 shards', ({ spec, scale, split }) => {
  it.each(FORMATS)('%s: the union of the shards equals the single run, row for row', async (format) => {
    const single = join(work, `${spec.replace(/\W/g, '_')}-${format}-single`);
    const parts = join(work, `${spec.replace(/\W/g, '_')}-${format}-parts`);
    await runOk(['run', spec, '--scale', scale, '--target', `${format}:${single}`]);
    await Promise.all(Array.from({ length: SHARDS }, (_, k) => runOk(['run', spec, '--scale', scale, '--target', `${format}:${parts}`, '--shard', `${k}/${SHARDS}`])));

    const tables = tablesIn(single, format);
    expect(tablesIn(parts, format)).toEqual(tables);
    for (const table of split) {
      // Really divided: every shard wrote a part of it.
      expect(readdirSync(join(parts, table)).sort()).toEqual(['part-00000', 'part-00001', 'part-00002'].map((p) => `${p}.${format}`));
    }
    for (const table of tables) {
      const expected = await reader.canonicalRows(single, table, format);
      expect({ table, rows: await reader.canonicalRows(parts, table, format) }).toEqual({ table, rows: expected });
      expect(await reader.rowCount(parts, table, format)).toBe(expected.length);
    }
    // No staging folder is left behind.
    expect(readdirSync(parts).filter((name) => name.startsWith('.'))).toEqual([]);
  }, 120_000);
});
