/**
 * Runs that fail half way, through the real CLI (the compiled build): a generator error
 * in table 7 of 10, a unique column that runs out, an output folder that cannot be
 * written, a disk that fills up. Each exits 1 with a message saying what happened, keeps
 * the previous output byte for byte and leaves no temporary file behind.
 * (SIGINT/SIGTERM are tested in test/cli/run.test.ts.)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, ROOT } from '../helpers/cli';

const HEADER = 'name: ten\nseed: 1\nas_of: 2025-06-30\n';

/** Ten tables; table 7 gets `column7` (a column spec), the others a sequence and a choice. */
function tenTables(column7: string): string {
  const tables = Array.from({ length: 10 }, (_, i) => {
    const n = i + 1;
    const extra = n === 7 ? `\n      x: ${column7}` : '';
    return `  t${n}:\n    rows: { count: 50 }\n    columns:\n      id: { type: integer, primary_key: true, sequence: {} }\n      seg: { type: text, choice: { a: 1, b: 1, c: 1 } }${extra}`;
  });
  return `${HEADER}tables:\n${tables.join('\n')}\n`;
}

const GOOD = tenTables('{ type: integer, by: seg, cases: { a: { constant: 1 } }, constant: 0 }');

/** A folder holding a good output of GOOD, and the bytes of that output. */
function previousOutput(): { dir: string; out: string; before: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'hopify-fail-'));
  writeFileSync(join(dir, 'good.yaml'), GOOD);
  const out = join(dir, 'ten.db');
  const result = cli(['run', join(dir, 'good.yaml'), '--out', out, '--quiet']);
  expect(result.status).toBe(0);
  return { dir, out, before: readFileSync(out) };
}

function expectUntouched(dir: string, out: string, before: Buffer): void {
  expect(readFileSync(out).equals(before)).toBe(true);
  expect(readdirSync(dir).sort()).toEqual(['bad.yaml', 'good.yaml', 'ten.db']);
}

describe('a run that fails half way', () => {
  it('a generator error in table 7 of 10 (a by: value without a case) names the table and column, keeps the previous output, removes the temp file', () => {
    const { dir, out, before } = previousOutput();
    writeFileSync(join(dir, 'bad.yaml'), tenTables('{ type: integer, by: seg, cases: { a: { constant: 1 } } }'));
    const result = cli(['run', join(dir, 'bad.yaml'), '--out', out, '--progress']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/t6: 50 rows/);
    expect(result.stderr).not.toMatch(/t7: 50 rows/);
    expect(result.stderr).toMatch(/error SPEC_BAD_OPTION\n {2}tables\.t7\.columns\.x: t7\.x: no case for seg = "[bc]"/);
    expect(result.stderr).not.toMatch(/\n\s+at |internal error/);
    expectUntouched(dir, out, before);
  });

  it('a unique column that runs out in table 7 of 10 says so, keeps the previous output, removes the temp file', () => {
    const { dir, out, before } = previousOutput();
    writeFileSync(join(dir, 'bad.yaml'), tenTables('{ type: integer, unique: true, integer: { min: 1, max: 20 } }'));
    const result = cli(['run', join(dir, 'bad.yaml'), '--out', out, '--quiet']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/error RUN_INFEASIBLE_UNIQUE\n {2}tables\.t7\.columns\.x: table "t7": column "x" is unique, but after 20 distinct values/);
    expectUntouched(dir, out, before);
  });

  it('an output folder that cannot be made (a path under a file, or under /proc) is a write failure, not a crash or a hang', () => {
    const { dir, out, before } = previousOutput();
    writeFileSync(join(dir, 'bad.yaml'), GOOD);
    for (const where of [join(out, 'nested.db'), '/proc/hopify-test.db', '/proc/self/hopify/test.db']) {
      const result = cli(['run', join(dir, 'bad.yaml'), '--out', where, '--quiet']);
      expect({ where, status: result.status }).toEqual({ where, status: 1 });
      expect(result.stderr).toMatch(/error TARGET_WRITE_FAILED\n {2}(cannot write to|writing) /);
      expect(result.stderr).not.toMatch(/\n\s+at |internal error/);
    }
    expectUntouched(dir, out, before);
  });

  it('a disk that fills up mid-run (a file size limit) is a write failure that keeps the previous output', () => {
    const { dir, out, before } = previousOutput();
    writeFileSync(join(dir, 'bad.yaml'), GOOD.replace(/count: 50/g, 'count: 20000'));
    // `ulimit -f` makes writes past 400 KB fail with EFBIG, as a full disk fails them; SIGXFSZ is ignored so the write fails instead of killing.
    const script = `trap '' XFSZ; ulimit -f 400; exec "${process.execPath}" "${join(ROOT, 'bin', 'hopify-engine.js')}" run "${join(dir, 'bad.yaml')}" --out "${out}" --quiet`;
    const result = spawnSync('bash', ['-c', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/error TARGET_WRITE_FAILED\n {2}writing .*ten\.db failed: .*\(SQLITE_(IOERR|FULL)\w*\)\n {2}hint: check the free space/);
    expectUntouched(dir, out, before);
  });
});
