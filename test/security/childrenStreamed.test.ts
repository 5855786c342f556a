/**
 * One parent with millions of children: the issue saw 140,000,000 children of one parent
 * (under the row limit) crash V8 and leave temporary files, since a chunk of parents held
 * all their children before writing them. Children are now written as they are made:
 * 3,000,000 children of one parent run under a 128 MB heap (before, the same run died
 * there), and a signal stops the run in the middle of one parent's children.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cli, cliProcess } from '../helpers/cli';

const CHILDREN = 3_000_000;
const SPEC = `name: kids
seed: 1
as_of: 2025-06-30
tables:
  parents:
    rows: { count: 1 }
    columns:
      parent_id: { type: integer, primary_key: true, sequence: {} }
  children:
    rows: { per_parent: { parent: parents, count: { constant: ${CHILDREN} } } }
    columns:
      child_id: { type: integer, sequence: {} }
      parent_id: { type: integer, from: parent.parent_id }
      number: { type: integer, from: child.number }
      label: { type: text, pattern: "[A-Z]{8}" }
`;
/** A heap one chunk of all 3,000,000 children does not fit in. */
const SMALL_HEAP = { NODE_OPTIONS: '--max-old-space-size=128' };
/** A CLI that runs longer than this is hung, not slow. */
const HANG_MS = 300_000;

const folders: string[] = [];
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function specFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hopify-children-'));
  folders.push(dir);
  writeFileSync(join(dir, 'spec.yaml'), SPEC);
  return dir;
}

describe('one parent with millions of children', () => {
  it('runs in bounded memory: 3,000,000 children of one parent under a 128 MB heap, every child written once', () => {
    const dir = specFolder();
    const out = join(dir, 'out.db');
    const result = cli(['run', 'spec.yaml', '--out', out, '--quiet'], { cwd: dir, env: SMALL_HEAP, timeoutMs: HANG_MS });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const db = new Database(out, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n, count(DISTINCT number) AS numbers, min(number) AS first, max(number) AS last, max(child_id) AS ids FROM children').get()).toEqual({
        n: CHILDREN,
        numbers: CHILDREN,
        first: 1,
        last: CHILDREN,
        ids: CHILDREN,
      });
    } finally {
      db.close();
    }
    expect(readdirSync(dir).sort()).toEqual(['out.db', 'spec.yaml']);
  });

  it('stops on SIGTERM in the middle of one parent, keeps the previous output and leaves no temporary file', async () => {
    const dir = specFolder();
    const out = join(dir, 'out.db');
    const quick = cli(['run', 'spec.yaml', '--out', out, '--quiet', '--set', 'tables.children.rows.per_parent.count.constant=5'], { cwd: dir, timeoutMs: HANG_MS });
    expect(quick.status).toBe(0);
    const previous = statSync(out);

    const child = cliProcess(['run', 'spec.yaml', '--out', out, '--quiet'], { cwd: dir });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const temp = `${out}.tmp-${child.pid}`;
    // Children are being written: the run is inside the one chunk of its one parent.
    while (!(existsSync(temp) && statSync(temp).size > 5_000_000)) {
      if (child.exitCode !== null) throw new Error(`the run ended before the signal: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(stderr).toContain('RUN_INTERRUPTED');
    expect(statSync(out).mtimeMs).toBe(previous.mtimeMs);
    expect(readdirSync(dir).sort()).toEqual(['out.db', 'spec.yaml']);
  }, HANG_MS);
});
