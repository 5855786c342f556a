/**
 * `run --workers` asked for more than the machine can hold: the issue saw `--workers 1000`
 * take 17.8 GB, hit V8's out-of-memory abort and ignore SIGTERM. Threads are capped at
 * workers_per_core per core (refused before any thread starts or any folder is made),
 * each thread's heap is bounded (a thread out of memory is a clean error, its parts thrown
 * away), and SIGTERM ends a run with threads, leaving nothing behind.
 */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, cliProcess } from '../helpers/cli';

const spec = (rows: number, reader = '') => `name: threads
seed: 1
as_of: 2025-06-30
tables:
  events:
    rows: { count: ${rows} }
    columns:
      event_id: { type: integer, primary_key: true, sequence: {} }
      note: { type: text, pattern: "[a-z]{40}" }
${reader}`;
/** A table that reads the notes of events: each thread keeps all of them in memory. */
const READS_NOTES = `  copies:
    rows: { per_parent: { parent: events, count: { constant: 0 } } }
    columns:
      note: { type: text, from: parent.note }
`;
/** A CLI that runs longer than this is hung, not slow. */
const HANG_MS = 120_000;

const folders: string[] = [];
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function specFolder(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hopify-workers-'));
  folders.push(dir);
  writeFileSync(join(dir, 'spec.yaml'), text);
  return dir;
}

describe('--workers bounded', () => {
  const cap = 4 * availableParallelism();

  it('refuses --workers 1000 before any thread starts or any folder is made, naming the cap and the limit that raises it', () => {
    const dir = specFolder(spec(10));
    const result = cli(['run', 'spec.yaml', '--target', 'csv:parts', '--workers', '1000'], { cwd: dir, timeoutMs: HANG_MS });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^error SPEC_TOO_COSTLY/m);
    expect(result.stderr).toContain(`--workers 1,000 is more than ${cap} threads (4 per core, ${availableParallelism()} cores)`);
    expect(result.stderr).toContain('--limit workers_per_core=<n>');
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(readdirSync(dir)).toEqual(['spec.yaml']);
  });

  it('runs one thread more than the cap once workers_per_core is raised', () => {
    // A chunk per thread: each thread writes a part.
    const dir = specFolder(spec(10_000 * (cap + 1)));
    const result = cli(['run', 'spec.yaml', '--target', 'csv:parts', '--workers', String(cap + 1), '--limit', 'workers_per_core=5', '--quiet'], { cwd: dir, timeoutMs: HANG_MS });
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(readdirSync(join(dir, 'parts', 'events')).filter((f) => f.startsWith('part-'))).toHaveLength(cap + 1);
  });

  it('ends a thread out of memory with a clean error and throws its parts away', () => {
    const dir = specFolder(spec(3_000_000, READS_NOTES));
    // The threads' heaps never exceed the process's own: a small one makes the threads small.
    const result = cli(['run', 'spec.yaml', '--target', 'csv:parts', '--workers', '2', '--quiet'], { cwd: dir, env: { NODE_OPTIONS: '--max-old-space-size=96' }, timeoutMs: HANG_MS });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^error SPEC_TOO_COSTLY/m);
    expect(result.stderr).toMatch(/a worker thread ran out of its \d+ MB of heap \(2 threads share the machine's memory\)/);
    expect(result.stderr).toContain('hint: run with fewer --workers');
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(readdirSync(dir)).toEqual(['spec.yaml']);
  });

  it('ends on SIGTERM while the threads write, and leaves no folder behind', async () => {
    const dir = specFolder(spec(20_000_000));
    const child = cliProcess(['run', 'spec.yaml', '--target', 'csv:parts', '--workers', '2', '--quiet'], { cwd: dir });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // The threads' rows are reaching their parts in the staging folder.
    const writing = () => readdirSync(dir, { recursive: true, encoding: 'utf8' }).some((name) => name.endsWith('.csv') && statSync(join(dir, name)).size > 1_000_000);
    while (!writing()) {
      if (child.exitCode !== null) throw new Error(`the run ended before the signal: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(stderr).toContain('RUN_INTERRUPTED');
    expect(readdirSync(dir)).toEqual(['spec.yaml']);
  }, HANG_MS);
});
