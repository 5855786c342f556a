/**
 * Specs written to hurt: alias bombs, deep nesting, huge counts, expressions reaching
 * for JavaScript, paths out of the spec's folder, SQL that writes. Each is refused with a
 * user error before it can do harm: the messages say at which step it stopped (no timing asserts).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../engine/errors/problem';
import { run, validate } from '../../engine/index';
import { SqliteTarget } from '../../engine/targets/sqlite/sqliteTarget';
import { cli } from '../helpers/cli';
import { validateSpec, writeSpec } from '../helpers/runSpec';

const HEADER = 'name: t\nseed: 1\nas_of: 2025-06-30\n';
const ONE_TABLE = 'tables:\n  t:\n    rows: { count: 3 }\n    columns:\n      id: { type: integer, primary_key: true, sequence: {} }\n';

const codes = (text: string, options = {}) => validateSpec(text, options).map((p) => p.code);

/** The problems a run of `text` stops with (none when it succeeds). */
async function runProblems(text: string, options: Record<string, unknown> = {}): Promise<{ codes: string[]; messages: string[]; dir: string }> {
  const spec = writeSpec(text);
  const dir = join(spec, '..');
  try {
    await run(spec, { target: join(dir, 'out.db'), ...options });
    return { codes: [], messages: [], dir };
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    return { codes: err.problems.map((p) => p.code), messages: err.problems.map((p) => p.message), dir };
  }
}

describe('hostile YAML', () => {
  it('refuses an alias bomb before expanding it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)].join('\n');
    const problems = validateSpec(`${HEADER}${bomb}\n${ONE_TABLE}`);
    expect(problems).toEqual([expect.objectContaining({ code: 'YAML_SYNTAX', hint: expect.stringMatching(/aliases are limited/) })]);
  });

  it('refuses nesting deeper than 64 levels, and nesting that would overflow the parser, as one problem', () => {
    const nested = (depth: number) => `${HEADER}tables:\n  t:\n    rows: { count: 1 }\n    columns:\n      x: { type: text, constant: ${'['.repeat(depth)}${']'.repeat(depth)} }\n`;
    expect(validateSpec(nested(100))).toEqual([expect.objectContaining({ code: 'SPEC_SCHEMA', message: expect.stringMatching(/more than 64 levels/) })]);
    expect(validateSpec(nested(50_000))).toEqual([expect.objectContaining({ code: 'YAML_SYNTAX', hint: expect.stringMatching(/nests too deeply/) })]);
  });

  it('refuses a spec file over 5 MB before parsing it', () => {
    const problems = validateSpec(`${HEADER}${ONE_TABLE}${'# padding\n'.repeat(600_000)}`);
    expect(problems).toEqual([expect.objectContaining({ code: 'SPEC_SCHEMA', message: expect.stringMatching(/at most 5 MB/) })]);
  });

  it('refuses .inf, .nan and __proto__ keys, and pollutes no prototype', () => {
    expect(codes(`${HEADER}tables:\n  t:\n    rows: { count: .inf }\n    columns:\n      id: { type: integer, sequence: {} }\n`)).toEqual(['SPEC_SCHEMA']);
    expect(codes(`${HEADER}tables:\n  t:\n    rows: { count: 1 }\n    columns:\n      x: { type: real, null_probability: .nan, constant: 1 }\n`)).toEqual(['SPEC_SCHEMA']);
    expect(codes(`${HEADER}params: { __proto__: { polluted: 1 } }\n${ONE_TABLE}`)).toEqual(['SPEC_SCHEMA']);
    expect(codes(`${HEADER}${ONE_TABLE}`, { set: ['__proto__.polluted=1', 'constructor.prototype.polluted=1'] })).toEqual(['SPEC_BAD_OVERRIDE', 'SPEC_BAD_OVERRIDE']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses table and column names that are not identifiers', () => {
    expect(codes(`${HEADER}tables:\n  t:\n    rows: { count: 1 }\n    columns:\n      out/x.db: { type: integer, sequence: {} }\n`)).toEqual(['SPEC_SCHEMA']);
    expect(codes(`${HEADER}tables:\n  ../t:\n    rows: { count: 1 }\n    columns:\n      id: { type: integer, sequence: {} }\n`)).toEqual(['SPEC_SCHEMA']);
  });
});

describe('huge counts', () => {
  it('refuses a runaway count before generating anything, leaving no output behind', async () => {
    const result = await runProblems(`${HEADER}tables:\n  small:\n    rows: { count: 10 }\n    columns:\n      id: { type: integer, sequence: {} }\n  events:\n    rows: { count: 1000000000000 }\n    columns:\n      id: { type: integer, sequence: {} }\n`);
    expect(result.codes).toEqual(['RUN_TOO_MANY_ROWS']);
    expect(result.messages[0]).toMatch(/more than 500,000,000 rows \(small: 10, events: over 500,000,000\); stopped before generating them/);
    expect(readdirSync(result.dir)).toEqual(['spec.yaml']);
  });

  it('counts planned rows exactly for counted tables: --max-rows N allows N rows, not N + 1', async () => {
    const spec = `${HEADER}tables:\n  a:\n    rows: { count: 25000 }\n    columns:\n      id: { type: integer, sequence: {} }\n  b:\n    rows: { count: 5000 }\n    columns:\n      id: { type: integer, sequence: {} }\n`;
    expect((await runProblems(spec, { maxRows: 30_000 })).codes).toEqual([]);
    expect((await runProblems(spec, { maxRows: 29_999 })).codes).toEqual(['RUN_TOO_MANY_ROWS']);
  });

  it('refuses children per parent that would pass the limit before generating them', async () => {
    const result = await runProblems(
      `${HEADER}tables:\n  parents:\n    rows: { count: 100 }\n    columns:\n      id: { type: integer, sequence: {} }\n  children:\n    rows: { per_parent: { parent: parents, count: { constant: 10000000 } } }\n    columns:\n      id: { type: integer, sequence: {} }\n`,
    );
    expect(result.codes).toEqual(['RUN_TOO_MANY_ROWS']);
    expect(result.messages[0]).toMatch(/100 generated, then children: over/);
  });

  it('caps work done while validating: a Faker pool has a maximum', () => {
    expect(codes(`${HEADER}tables:\n  t:\n    rows: { count: 1 }\n    columns:\n      x: { type: text, faker: { method: person.firstName, pool: 1000000000 } }\n`)).toEqual(['SPEC_SCHEMA']);
  });
});

describe('expressions', () => {
  const FORBIDDEN = ['constructor', '__proto__', 'prototype', 'process', 'require', 'globalThis', 'global', 'module', 'eval', 'Function', 'this'];
  const column = (expr: string) => `${HEADER}tables:\n  t:\n    rows: { count: 2 }\n    columns:\n      a: { type: text, constant: x }\n      x: { type: text, expr: ${JSON.stringify(expr)} }\n`;

  it.each(FORBIDDEN)('refuses %s in every form at validation', (name) => {
    for (const form of [name, `${name}.x`, `a.${name}`, `${name}("fs")`, `'${name}'`, `${name} of a`, `a of ${name}`, `params.${name}`, `parent.${name}`]) {
      expect({ form, codes: codes(column(form)) }).toEqual({ form, codes: ['SPEC_BAD_EXPRESSION'] });
    }
  });

  it('refuses functions the language does not have, at validation', () => {
    expect(validateSpec(column('system("rm -rf /")'))).toEqual([expect.objectContaining({ code: 'SPEC_BAD_EXPRESSION', message: expect.stringMatching(/calls "system"/) })]);
  });

  it('does not find Object.prototype members as names (toString, valueOf, hasOwnProperty)', () => {
    for (const name of ['toString', 'valueOf', 'hasOwnProperty']) {
      expect(codes(column(name))).toEqual(['SPEC_UNKNOWN_NAME']);
      expect(codes(`${HEADER}tables:\n  t:\n    rows: { count: 2 }\n    columns:\n      a: { type: text, from: ${name} }\n`)).toEqual(['SPEC_UNKNOWN_NAME']);
      expect(codes(`${HEADER}tables:\n  t:\n    rows: { count: 2 }\n    columns:\n      a: { type: text, constant: x, by: ${name} }\n`)).toEqual(['SPEC_UNKNOWN_NAME']);
    }
    expect(codes(`${HEADER}tables:\n  t:\n    rows: { count: 2 }\n    columns:\n      a: { type: integer, constant: 1, references: constructor.name }\n`)).toEqual(['SPEC_UNKNOWN_TABLE']);
    expect(codes(`${HEADER}tables:\n  t:\n    rows: { count: 2 }\n    columns:\n      a: { type: integer, constant: 1, references: t.valueOf }\n`)).toEqual(['SPEC_UNKNOWN_COLUMN']);
  });
});

describe('paths out of the spec folder', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'hopify-paths-'));
    mkdirSync(join(root, 'specs'));
    writeFileSync(join(root, 'outside.csv'), 'secret\nhunter2\n');
    writeFileSync(join(root, 'base.yaml'), `${HEADER}${ONE_TABLE}`);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const write = (text: string) => {
    const file = join(root, 'specs', 'spec.yaml');
    writeFileSync(file, text);
    return file;
  };
  const problemCodes = (file: string, options = {}) => validate(file, options).map((p) => p.code);
  const readsOutside = `${HEADER}data: { s: ../outside.csv }\ntables:\n  t:\n    rows: { static: s }\n    columns:\n      secret: { type: text }\n`;

  it('refuses data files, extends and include outside the folder of a spec that is in no project', () => {
    expect(problemCodes(write(readsOutside))).toEqual(['SPEC_UNSAFE_PATH']);
    expect(problemCodes(write(`${HEADER}data: { s: { file: /etc/passwd } }\n${ONE_TABLE}`))).toEqual(['SPEC_UNSAFE_PATH']);
    expect(problemCodes(write('extends: ../base.yaml\n'))).toEqual(['SPEC_UNSAFE_PATH']);
    expect(problemCodes(write(`include: [/etc/hosts]\n${HEADER}${ONE_TABLE}`))).toEqual(['SPEC_UNSAFE_PATH']);
  });

  it('refuses a symbolic link inside the folder that points outside it', () => {
    symlinkSync(join(root, 'outside.csv'), join(root, 'specs', 'inside.csv'));
    expect(problemCodes(write(readsOutside.replace('../outside.csv', 'inside.csv')))).toEqual(['SPEC_UNSAFE_PATH']);
  });

  it('allows the whole project of the spec (the folder with package.json or .git)', () => {
    writeFileSync(join(root, 'package.json'), '{}');
    expect(problemCodes(write(readsOutside))).toEqual([]);
    expect(problemCodes(write('extends: ../base.yaml\n'))).toEqual([]);
  });

  it('allows a folder given with allowPaths (--allow-path)', () => {
    expect(problemCodes(write(readsOutside), { allowPaths: [root] })).toEqual([]);
  });

  it('--allow-path lets the CLI read there too', () => {
    const file = write(readsOutside);
    expect(cli(['validate', file]).status).toBe(1);
    expect(cli(['validate', file, '--allow-path', root]).status).toBe(0);
  });
});

describe('SQL that writes', () => {
  const WRITES = [
    'DROP TABLE a',
    'DELETE FROM a',
    "ATTACH DATABASE 'attached.db' AS x",
    'DETACH x',
    'PRAGMA user_version = 5',
    'PRAGMA writable_schema = ON',
    'PRAGMA foreign_keys = ON',
    'BEGIN',
    'COMMIT',
    'VACUUM',
    'WITH x AS (SELECT 1) DELETE FROM a',
    '/* a comment */ ATTACH DATABASE \'attached.db\' AS x',
  ];
  const contextSpec = (sql: string) =>
    `${HEADER}tables:\n  a:\n    rows: { count: 3 }\n    columns:\n      id: { type: integer, primary_key: true, sequence: {} }\n  b:\n    rows: { count: 3 }\n    context: { sql: ${JSON.stringify(sql)}, key: id, on: a_id, tables: [a] }\n    columns:\n      a_id: { type: integer, ref: a.id }\n      n: { type: integer, from: context.n }\n`;

  it.each(WRITES)('refuses a context query %p when the spec is validated', (sql) => {
    expect(validateSpec(contextSpec(sql))).toEqual([expect.objectContaining({ code: 'SPEC_UNSAFE_SQL', path: 'tables.b.context.sql', message: expect.stringMatching(/is not allowed/) })]);
  });

  it('accepts a query that reads', () => {
    expect(codes(contextSpec('SELECT id, count(*) AS n FROM a GROUP BY id'))).toEqual([]);
  });

  it.each(['better-sqlite3', 'sqlite3'] as const)('the SQLite target (%s) refuses them too, and ATTACH creates no file', async (client) => {
    const dir = mkdtempSync(join(tmpdir(), 'hopify-sql-'));
    const target = new SqliteTarget(join(dir, 'out.db'), client);
    await target.open();
    try {
      await target.createTable({ name: 'a', columns: [{ name: 'id', type: 'integer', primaryKey: true, notNull: false, unique: false, index: false }], primaryKey: ['id'], indexes: [] });
      for (const sql of WRITES) await expect(target.query(sql.replace('attached.db', join(dir, 'attached.db')))).rejects.toMatchObject({ problems: [expect.objectContaining({ code: 'SPEC_UNSAFE_SQL' })] });
      await expect(target.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
    } finally {
      await target.abort();
    }
    expect(existsSync(join(dir, 'attached.db'))).toBe(false);
  });
});
