/**
 * A disk that fills up mid-run (a 2 MB tmpfs), through the real CLI, for both SQLite
 * clients, CSV and Parquet: the run exits 1 with TARGET_WRITE_FAILED in the problem
 * format, removes its temporary output (so the disk is not left full) and keeps the
 * previous output byte for byte. Mounting needs root (as here and in CI); without it the
 * suite is skipped with a line saying so.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli';

const SPEC = (rows: number) => `name: full\nseed: 1\nas_of: 2025-06-30\ntables:
  lines:
    rows: { count: ${rows} }
    columns:
      line_id: { type: integer, primary_key: true, sequence: {} }
      body: { type: text, faker: lorem.sentence }
`;

/** A fresh 2 MB tmpfs, or undefined when this process may not mount one. */
function smallDisk(): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'hopify-full-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.status === 0) return dir;
  rmSync(dir, { recursive: true, force: true });
  process.stderr.write(`skipping the disk-full tests: cannot mount a tmpfs (${(mounted.stderr || mounted.error?.message || '').trim()}); run them as root\n`);
  return undefined;
}

const disk = smallDisk();
const describeOnSmallDisk = disk ? describe : describe.skip;

describeOnSmallDisk('a disk that fills up mid-run', () => {
  const specs = mkdtempSync(join(tmpdir(), 'hopify-full-specs-'));
  writeFileSync(join(specs, 'small.yaml'), SPEC(10));
  // About 12 MB of text that does not compress to 2 MB (Parquet compresses).
  writeFileSync(join(specs, 'large.yaml'), SPEC(200_000));

  afterAll(() => {
    spawnSync('umount', [disk!]);
    rmSync(disk!, { recursive: true, force: true });
  });
  afterEach(() => {
    for (const entry of readdirSync(disk!)) rmSync(join(disk!, entry), { recursive: true, force: true });
  });

  /** Every file on the disk with its bytes. */
  const files = (): Record<string, string> =>
    Object.fromEntries(
      readdirSync(disk!, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => [join(entry.parentPath, entry.name).slice(disk!.length), readFileSync(join(entry.parentPath, entry.name)).toString('base64')]),
    );

  it.each([
    ['SQLite through better-sqlite3', ['--out', 'out.db', '--sqlite-client', 'better-sqlite3'], /writing .*out\.db failed: .*\(SQLITE_FULL\)/],
    ['SQLite through sqlite3', ['--out', 'out.db', '--sqlite-client', 'sqlite3'], /writing .*out\.db failed: .*\(SQLITE_FULL\)/],
    ['CSV', ['--target', 'csv:out'], /writing .*out failed: ENOSPC: no space left on device/],
    ['Parquet', ['--target', 'parquet:out'], /cannot write table "lines" as Parquet: .*No space left on device/],
  ])('%s: TARGET_WRITE_FAILED, the temporary output removed, the previous output kept', (_, where, message) => {
    expect(cli(['run', join(specs, 'small.yaml'), ...where, '--quiet'], { cwd: disk })).toMatchObject({ status: 0, stderr: '' });
    const before = files();

    const full = cli(['run', join(specs, 'large.yaml'), ...where, '--quiet'], { cwd: disk });
    expect(full.status).toBe(1);
    expect(full.stderr).toMatch(/^error TARGET_WRITE_FAILED\n/);
    expect(full.stderr).toMatch(message);
    expect(full.stderr).toMatch(/hint: check the free space/);
    expect(full.stderr).not.toMatch(/internal error|\n\s+at |triggerUncaughtException/);
    expect(files()).toEqual(before);

    // Nothing was left to keep the disk full: the same small run fits again.
    expect(cli(['run', join(specs, 'small.yaml'), ...where, '--quiet'], { cwd: disk })).toMatchObject({ status: 0, stderr: '' });
  });
});
