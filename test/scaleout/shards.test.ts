/**
 * `--shard k/N` and `--workers W`: CLI processes side by side (as on N machines), and
 * threads inside one, write parts whose union DuckDB reads as exactly the single run's
 * tables. Scales are chosen so that some tables have several chunks and are really
 * divided among the shards.
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

/** Single runs by folder: made once, however many comparisons use them. */
const singleRuns = new Map<string, Promise<string>>();

/** The folder of the run of `spec` at `scale` as one part. */
function singleRun(spec: string, scale: string, format: Format): Promise<string> {
  const folder = join(work, `${spec.replace(/\W/g, '_')}-${scale}-${format}-single`);
  if (!singleRuns.has(folder)) singleRuns.set(folder, runOk(['run', spec, '--scale', scale, '--target', `${format}:${folder}`]).then(() => folder));
  return singleRuns.get(folder)!;
}

/** Every table of `parts` holds the rows of the single run's, and each `split` table has exactly `partCount` parts. */
async function expectSameTables(single: string, parts: string, format: Format, split: string[], partCount: number): Promise<void> {
  const tables = tablesIn(single, format);
  expect(tablesIn(parts, format)).toEqual(tables);
  for (const table of split) {
    expect(readdirSync(join(parts, table)).sort()).toEqual(Array.from({ length: partCount }, (_, k) => `part-${String(k).padStart(5, '0')}.${format}`));
  }
  for (const table of tables) {
    expect({ table, ...(await reader.rowsNotIn(single, parts, table, format)) }).toEqual({ table, missing: [], extra: [] });
    expect(await reader.rowCount(parts, table, format)).toBe(await reader.rowCount(single, table, format));
  }
  // No staging folder is left behind; the engine's mark is there.
  expect(readdirSync(parts).filter((name) => name.startsWith('.'))).toEqual(['.hopify-engine']);
}

describe.each(CASES)('$spec as 1 part, as 3 shards and in 2 worker threads', ({ spec, scale, split }) => {
  it.each(FORMATS)('%s: the parts together equal the single run, row for row', async (format) => {
    const folder = (name: string) => join(work, `${spec.replace(/\W/g, '_')}-${format}-${name}`);
    const run = (name: string, ...more: string[]) => runOk(['run', spec, '--scale', scale, '--target', `${format}:${folder(name)}`, ...more]);
    const single = await singleRun(spec, scale, format);
    await Promise.all([0, 1, 2].map((k) => run('shards', '--shard', `${k}/3`)));
    await expectSameTables(single, folder('shards'), format, split, 3);
    await run('workers', '--workers', '2');
    await expectSameTables(single, folder('workers'), format, split.slice(0, 1), 2);
  }, 180_000);
});

describe('--shard k/N with --workers W', () => {
  it('gives each thread shard k + N·w of N·W: two machines of two threads write parts 0–3 of the whole run', async () => {
    const spec = 'specs/examples/shop.yaml';
    const single = await singleRun(spec, '5', 'parquet');
    const parts = join(work, 'combined-parts');
    await Promise.all([0, 1].map((k) => runOk(['run', spec, '--scale', '5', '--target', `parquet:${parts}`, '--shard', `${k}/2`, '--workers', '2'])));
    await expectSameTables(single, parts, 'parquet', ['order_items'], 3);
  }, 120_000);
});
