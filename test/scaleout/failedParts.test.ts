/** A failed shard or worker run publishes nothing: the parts or the file already in place stay as they were. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliProcess } from '../helpers/cli';
import { cliAsync } from './partFolders';

// Rows past id 15,000 (chunks 1 and 2) pick a bucket no case covers: those chunks fail.
const spec = (failing: boolean) => `
name: failing
seed: 4
tables:
  events:
    rows: { count: 25000 }
    columns:
      event_id: { type: integer, primary_key: true, sequence: {} }
      bucket: { type: text, expr: ${failing ? '\'if event_id > 15000 then "late" else "early"\'' : '\'"early"\''} }
      amount:
        type: real
        by: bucket
        cases:
          early: { uniform: { min: 1, max: 10, round: 2 } }
`;

describe('failed parts', () => {
  let dir: string;
  const files = (folder: string) => Object.fromEntries(readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort().map((f) => [f, f.endsWith('.csv') ? readFileSync(join(folder, f), 'utf8').length : 'folder']));

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hopify-failed-'));
    writeFileSync(join(dir, 'good.yaml'), spec(false));
    writeFileSync(join(dir, 'bad.yaml'), spec(true));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a failing shard leaves its earlier part and the other shards\' parts untouched', async () => {
    const parts = join(dir, 'parts');
    for (const k of [0, 1, 2]) expect(await cliAsync(['run', join(dir, 'good.yaml'), '--target', `csv:${parts}`, '--shard', `${k}/3`, '--quiet'])).toEqual({ status: 0, stderr: '' });
    const before = files(parts);
    expect(Object.keys(before)).toEqual(['.hopify-engine', 'events', 'events/part-00000.csv', 'events/part-00001.csv', 'events/part-00002.csv']);

    const failed = await cliAsync(['run', join(dir, 'bad.yaml'), '--target', `csv:${parts}`, '--shard', '1/3']);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('events.amount');
    expect(files(parts)).toEqual(before);
    // The shard whose chunk is fine still publishes.
    expect(await cliAsync(['run', join(dir, 'bad.yaml'), '--target', `csv:${parts}`, '--shard', '0/3', '--quiet'])).toEqual({ status: 0, stderr: '' });
  });

  it('a failing --workers run leaves the previous folder untouched', async () => {
    const out = join(dir, 'workers');
    expect(await cliAsync(['run', join(dir, 'good.yaml'), '--target', `csv:${out}`, '--workers', '2', '--quiet'])).toEqual({ status: 0, stderr: '' });
    const before = files(out);
    const failed = await cliAsync(['run', join(dir, 'bad.yaml'), '--target', `csv:${out}`, '--workers', '2']);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('events.amount');
    expect(failed.stderr).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
    expect(files(out)).toEqual(before);
    expect(readdirSync(dir).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  it('an interrupted --workers run exits 130 and leaves the previous folder untouched', async () => {
    const out = join(dir, 'interrupted');
    expect(await cliAsync(['run', join(dir, 'good.yaml'), '--target', `csv:${out}`, '--workers', '2', '--quiet'])).toEqual({ status: 0, stderr: '' });
    const before = files(out);
    // Millions of rows: still running when the signal comes.
    const child = cliProcess(['run', 'benchmarks/specs/per_parent.yaml', '--scale', '20', '--target', `csv:${out}`, '--workers', '2']);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const staged = join(`${out}.tmp-${child.pid}`, '.staging-part-00001.tmp-' + child.pid, 'order_items.csv');
    // Interrupt once a thread is writing its part of the large table.
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (!existsSync(staged)) return;
        clearInterval(timer);
        child.kill('SIGINT');
        resolve();
      }, 20);
    });
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(status).toBe(130);
    expect(stderr).toContain('RUN_INTERRUPTED');
    expect(files(out)).toEqual(before);
    expect(readdirSync(dir).filter((name) => name.includes('.tmp-'))).toEqual([]);
  }, 60_000);
});
