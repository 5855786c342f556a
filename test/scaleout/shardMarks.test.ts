/** `shard: whole` and `shard: split` in a spec: who writes which rows of a table. */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliAsync, PartReader } from './partFolders';

// 25,000 rows: three chunks, one per shard of three.
const SPEC = `
name: marks
seed: 9
tables:
  accounts:
    shard: whole
    rows: { count: 25000 }
    columns:
      account_id: { type: integer, primary_key: true, sequence: {} }
      plan: { type: text, choice: { free: 8, paid: 2 } }
  events:
    shard: split
    rows: { count: 25000 }
    columns:
      event_id: { type: integer, primary_key: true, sequence: {} }
      amount: { type: real, lognormal: { median: 20, sigma: 0.5, round: 2 } }
`;

describe('shard marks', () => {
  let dir: string;
  let reader: PartReader;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hopify-marks-'));
    writeFileSync(join(dir, 'spec.yaml'), SPEC);
    reader = await PartReader.open();
    const run = (...args: string[]) => cliAsync(['run', join(dir, 'spec.yaml'), '--quiet', ...args]);
    const runs = await Promise.all([run('--target', `csv:${join(dir, 'single')}`), ...[0, 1, 2].map((k) => run('--target', `csv:${join(dir, 'parts')}`, '--shard', `${k}/3`))]);
    for (const result of runs) expect(result).toEqual({ status: 0, stderr: '' });
  });
  afterAll(() => {
    reader.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shard: whole is written by shard 0 alone, as one part holding every row', async () => {
    expect(readdirSync(join(dir, 'parts', 'accounts'))).toEqual(['part-00000.csv']);
    expect(await reader.canonicalRows(join(dir, 'parts'), 'accounts', 'csv')).toEqual(await reader.canonicalRows(join(dir, 'single'), 'accounts', 'csv'));
  });

  it('shard: split on a table nothing reads is accepted: each shard writes its chunk', async () => {
    expect(readdirSync(join(dir, 'parts', 'events')).sort()).toEqual(['part-00000.csv', 'part-00001.csv', 'part-00002.csv']);
    const counts = await Promise.all([0, 1, 2].map((k) => reader.rowCount(join(dir, 'parts'), join('events', `part-0000${k}`), 'csv')));
    expect(counts).toEqual([10_000, 10_000, 5_000]);
    expect(await reader.canonicalRows(join(dir, 'parts'), 'events', 'csv')).toEqual(await reader.canonicalRows(join(dir, 'single'), 'events', 'csv'));
  });
});
