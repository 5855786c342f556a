/**
 * Every way a command can be cut short ends quietly, through the real CLI: a reader that
 * closes stdout leaves no EPIPE stack trace and the command keeps its own exit code; SIGINT
 * at start-up or in the middle of a run ends with one line and exit 130, the previous output
 * kept. Spawn timeouts are hang detectors; nothing here asserts on time.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, cliProcess } from '../helpers/cli';

const HANG_MS = 120_000;
const SPEC = 'specs/v15.yaml';

interface Ended {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the CLI, calls `started` with the child, and resolves with how it ended. */
function ending(args: string[], started: (child: ReturnType<typeof cliProcess>) => void): Promise<Ended> {
  const child = cliProcess(args);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  const hang = setTimeout(() => child.kill('SIGKILL'), HANG_MS);
  started(child);
  return new Promise((resolve) =>
    child.on('close', (status) => {
      clearTimeout(hang);
      resolve({ status, stdout, stderr });
    }),
  );
}

/** Polls `ready` every 20 ms and sends SIGINT once it holds. */
function interruptWhen(child: ReturnType<typeof cliProcess>, ready: () => boolean): void {
  const poll = setInterval(() => {
    if (child.exitCode !== null || ready()) {
      clearInterval(poll);
      child.kill('SIGINT');
    }
  }, 20);
}

/** A file whose next read shows in its access time (relatime updates an access time older than a day). */
function readWatched(file: string): () => boolean {
  const past = new Date(Date.now() - 3 * 86_400_000);
  utimesSync(file, past, past);
  return () => statSync(file).atimeMs > past.getTime();
}

/** Whether this file system records reads (not mounted noatime). */
function recordsReads(): boolean {
  const file = join(mkdtempSync(join(tmpdir(), 'hopify-atime-')), 'probe');
  writeFileSync(file, 'probe');
  const read = readWatched(file);
  readFileSync(file);
  return read();
}

const problemLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('error '));

describe('a reader that closes stdout', () => {
  it('after one line of `check --help`: no stack trace, exit 0', async () => {
    const result = await ending(['check', '--help'], (child) =>
      child.stdout.on('data', (data: Buffer) => {
        if (data.includes('\n')) child.stdout.destroy();
      }),
    );
    expect(result.stdout.split('\n')[0]).toMatch(/^Usage: hopify-engine check/);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  // The help may reach the pipe in one write, before the reader closes: this one always meets EPIPE.
  it('before anything is written: no stack trace, exit 0', async () => {
    const result = await ending(['check', '--help'], (child) => child.stdout.destroy());
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

/** A small spec: start-up is loading the CLI and reading it. */
const SMALL = `
name: small
seed: 1
tables:
  customers:
    rows: { count: 5 }
    columns:
      customer_id: { type: integer, primary_key: true, sequence: {} }
`;

describe('SIGINT', () => {
  // Node's own boot, before the CLI's first line, ends on SIGINT as any program does: exit 130, no message.
  (recordsReads() ? it : it.skip)('during start-up (as the spec is read) ends with one line and exit 130, writing nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hopify-signals-'));
    const spec = join(dir, 'spec.yaml');
    writeFileSync(spec, SMALL);
    const read = readWatched(spec);
    const result = await ending(['run', spec, '--out', join(dir, 'out.db')], (child) => interruptWhen(child, read));
    expect(result.status).toBe(130);
    expect(problemLines(result.stderr)).toEqual(['error RUN_INTERRUPTED  stopped by SIGINT; the previous output is untouched']);
    expect(result.stderr).not.toMatch(/problems? found/);
    expect(readdirSync(dir)).toEqual(['spec.yaml']);
  });

  it('during a run ends with one line and exit 130; the previous output is kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hopify-signals-'));
    const out = join(dir, 'out.db');
    // The previous output: one small table of the same spec.
    expect(cli(['run', SPEC, '--out', out, '--quiet', '--tables', 'acquisition_plan'], { timeoutMs: HANG_MS }).status).toBe(0);
    const previous = readFileSync(out);
    // Interrupted once the run writes (its working file appears beside the output).
    const result = await ending(['run', SPEC, '--out', out], (child) => interruptWhen(child, () => readdirSync(dir).length > 1));
    expect(result.status).toBe(130);
    expect(problemLines(result.stderr)).toEqual(['error RUN_INTERRUPTED  stopped by SIGINT; the previous output is untouched']);
    expect(result.stderr).not.toMatch(/problems? found/);
    expect(readFileSync(out).equals(previous)).toBe(true);
    expect(readdirSync(dir)).toEqual(['out.db']);
  });
});
