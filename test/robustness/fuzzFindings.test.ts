/**
 * Regression tests for what fuzzing found (test/robustness/fuzz.test.ts): each spec below
 * once validated and then crashed the run with an internal error (or a misleading one).
 * Findings about hostile input (prototype names, paths, SQL, limits) are in hostileSpecs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSpec } from '../helpers/runSpec';
import { checkSpec } from './specInvariants';

const HEADER = 'name: t\nseed: 1\nas_of: 2025-06-30\n';
const dir = mkdtempSync(join(tmpdir(), 'hopify-findings-'));

/** The codes a spec ends with: its validation problems, else the problems of its run (none when it ran). */
async function outcome(text: string): Promise<string[]> {
  const result = await checkSpec(text, { dir });
  if (result.problems.length) return result.problems.map((p) => p.code);
  return result.ran === 'ok' ? [] : result.ran!.map((p) => p.code);
}

const table = (columns: string, rows = '{ count: 3 }', extra = '') => `${HEADER}tables:\n  t:\n    rows: ${rows}\n${extra}    columns:\n${columns}`;

describe('fuzz findings', () => {
  it('a value its column type cannot hold is SPEC_TYPE_MISMATCH, not a driver crash (an object from static rows, text in numbers and dates)', async () => {
    expect(await outcome(table('      a: { type: text }\n', '{ static: { rows: [{ a: { b: 1 } }] } }'))).toEqual(['SPEC_TYPE_MISMATCH']);
    expect(await outcome(table('      a: { type: real }\n', '{ static: { rows: [{ a: [1, 2] }] } }'))).toEqual(['SPEC_TYPE_MISMATCH']);
    expect(await outcome(table('      a: { type: integer, faker: person.firstName }\n'))).toEqual(['SPEC_TYPE_MISMATCH']);
    expect(await outcome(table('      a: { type: date }\n', '{ static: { rows: [{ a: soon }] } }'))).toEqual(['SPEC_TYPE_MISMATCH']);
    expect(await outcome(table('      a: { type: boolean }\n', '{ static: { rows: [{ a: maybe }] } }'))).toEqual(['SPEC_TYPE_MISMATCH']);
  });

  it('text "false" in a boolean column is 0, as "true" is 1', async () => {
    const run = await runSpec(table('      a: { type: boolean }\n', '{ static: { rows: [{ a: "true" }, { a: "false" }, { a: "0" }] } }'));
    try {
      expect(run.rows('t').map((r) => r.a)).toEqual([1, 0, 0]);
    } finally {
      run.close();
    }
  });

  it('NOT NULL and unique constraints the rows break are RUN_CONSTRAINT', async () => {
    expect(await outcome(table('      a: { type: integer, not_null: true, null_probability: 1, constant: 1 }\n'))).toEqual(['RUN_CONSTRAINT']);
    expect(await outcome(table('      a: { type: integer, constant: 1 }\n', '{ count: 3 }', '    indexes: [{ columns: [a], unique: true }]\n'))).toEqual(['RUN_CONSTRAINT']);
  });

  it('an index given twice is created once', async () => {
    expect(await outcome(table('      a: { type: integer, index: true, sequence: {} }\n', '{ count: 3 }', '    indexes: [[a], [a]]\n'))).toEqual([]);
  });

  it('a foreign key to a column that is not a key is refused at validation (SQLite would refuse it at commit)', async () => {
    const refs = (keyColumn: string, extra = '') =>
      `${HEADER}tables:\n  a:\n    rows: { count: 3 }\n${extra}    columns:\n      id: ${keyColumn}\n      k: { type: integer, constant: 1 }\n  b:\n    rows: { count: 3 }\n    columns:\n      a_id: { type: integer, ref: a.id }\n`;
    expect(await outcome(refs('{ type: integer, sequence: {} }'))).toEqual(['SPEC_BAD_OPTION']);
    expect(await outcome(refs('{ type: integer, sequence: {} }', '    primary_key: [id, k]\n'))).toEqual(['SPEC_BAD_OPTION']);
    expect(await outcome(refs('{ type: integer, unique: true, sequence: {} }'))).toEqual([]);
    expect(await outcome(refs('{ type: integer, primary_key: true, sequence: {} }'))).toEqual([]);
  });

  it('a ref: into a table that is not written makes no foreign key (it used to fail every row at commit)', async () => {
    const run = await runSpec(
      `${HEADER}tables:\n  a:\n    write: false\n    rows: { count: 3 }\n    columns:\n      id: { type: integer, primary_key: true, sequence: {} }\n  b:\n    rows: { count: 3 }\n    columns:\n      a_id: { type: integer, ref: a.id }\n`,
    );
    try {
      expect(run.rows('b')).toHaveLength(3);
      expect(run.db.prepare("SELECT * FROM pragma_foreign_key_list('b')").all()).toEqual([]);
    } finally {
      run.close();
    }
  });

  it('a ref: into a table that made no rows is RUN_BAD_VALUE, not an internal error', async () => {
    expect(await outcome(`${HEADER}tables:\n  a:\n    rows: { count: 0 }\n    columns:\n      id: { type: integer, primary_key: true, sequence: {} }\n  b:\n    rows: { count: 3 }\n    columns:\n      a_id: { type: integer, ref: a.id }\n`)).toEqual(['RUN_BAD_VALUE']);
  });

  it('a driver that fails is the only problem of its table: its columns are not also reported as having no generator', async () => {
    expect(await outcome(table('      city: { type: text }\n', '{ static: nowhere }'))).toEqual(['SPEC_UNKNOWN_DATA']);
  });

  it('a cycle is reported together with the other problems', async () => {
    const codes = await outcome(
      `${HEADER}tables:\n  a:\n    rows: { count: 2 }\n    columns:\n      id: { type: integer, primary_key: true, sequence: {} }\n      b_id: { type: integer, ref: b.id }\n      x: { type: real, expr: "nope" }\n  b:\n    rows: { count: 2 }\n    columns:\n      id: { type: integer, primary_key: true, sequence: {} }\n      a_id: { type: integer, ref: a.id }\n`,
    );
    expect(codes.sort()).toEqual(['SPEC_CYCLE', 'SPEC_UNKNOWN_NAME']);
  });
});
