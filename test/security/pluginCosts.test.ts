/**
 * Plugin options that ask for more than one value can hold: the issue saw Faker arguments
 * run for minutes or abort V8 inside `validate` (lorem.paragraphs [1e7] over 60 s,
 * string.alpha [1e9] exit 134, helpers.fromRegExp '[a-z]{100000000}' 48 s and 3.7 GB) and
 * `pattern: "[A-Z]{999999999}"` end in a V8 fatal error (exit 133). Each is now refused
 * before it runs, as SPEC_TOO_COSTLY at its line and column, by the library and by the
 * real CLI's validate and run (a spawn timeout is the hang detector), and nothing is written.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { validate } from '../../engine/index';
import { cli } from '../helpers/cli';

/** The line of the column or rows block under test in every spec below. */
const LINE = 7;
const tableSpec = (rows: string, column: string) => `name: costs
seed: 1
as_of: 2025-06-30
tables:
  t:
    columns:
      x: ${column}
    rows: ${rows}
`;
const columnSpec = (column: string) => tableSpec('{ count: 10 }', column);

interface Attack {
  name: string;
  spec: string;
  /** Text of line LINE (or LINE + 1 for rows) where the error must point. */
  at: string;
  line?: number;
  /** What the hint says: the limit that raises the bound, or, for what no limit could allow, how to write it. */
  hint: string;
}

const ATTACKS: Attack[] = [
  { name: 'lorem.paragraphs [1e7]', spec: columnSpec('{ type: text, faker: { method: lorem.paragraphs, args: [10000000] } }'), at: '10000000', hint: '--limit value_length=<n>' },
  { name: 'string.alpha [1e9]', spec: columnSpec('{ type: text, faker: { method: string.alpha, args: [1000000000] } }'), at: '1000000000', hint: '--limit value_length=<n>' },
  {
    name: "helpers.fromRegExp ['[a-z]{100000000}']",
    spec: columnSpec("{ type: text, faker: { method: helpers.fromRegExp, args: ['[a-z]{100000000}'] } }"),
    at: "'[a-z]",
    hint: '--limit value_length=<n>',
  },
  { name: 'pattern "[A-Z]{999999999}"', spec: columnSpec('{ type: text, pattern: "[A-Z]{999999999}" }'), at: '"[A-Z]', hint: '--limit value_length=<n>' },
  {
    name: 'a length Faker reads as a count up to Number.MAX_SAFE_INTEGER (string.sample { length: 5 })',
    spec: columnSpec('{ type: text, faker: { method: string.sample, args: [{ length: 5 }] } }'),
    at: '[{',
    hint: '--limit value_length=<n>',
  },
  {
    name: 'a range of counts (word.words { count: { max: 1e9 } })',
    spec: columnSpec('{ type: text, faker: { method: word.words, args: [{ count: { min: 1, max: 1000000000 } }] } }'),
    at: '1000000000',
    hint: '--limit value_length=<n>',
  },
  {
    name: 'a template placeholder with a huge count',
    spec: columnSpec("{ type: text, faker: { method: helpers.fake, args: ['{{lorem.paragraphs(10000000)}}'] } }"),
    at: "'{{",
    hint: '--limit value_length=<n>',
  },
  {
    name: 'a regexp repeat built by another repeat (a{[9]{9}} makes a{999999999})',
    spec: columnSpec("{ type: text, faker: { method: helpers.fromRegExp, args: ['a{[9]{9}}'] } }"),
    at: "'a{",
    hint: 'write repeats as x{n} or [class]{n,m} with whole numbers',
  },
  {
    name: 'a card format repeat built by another repeat',
    spec: columnSpec("{ type: text, faker: { method: helpers.replaceCreditCardSymbols, args: ['a{1{9}}'] } }"),
    at: "'a{",
    hint: 'write repeats as x{n} or [class]{n,m} with whole numbers',
  },
  {
    name: 'a pool of long values',
    spec: columnSpec('{ type: text, faker: { method: lorem.paragraphs, args: [100], pool: 100000 } }'),
    at: '100000 }',
    hint: '--limit pool_characters=<n>',
  },
  {
    name: 'a constant of 100,001 characters in every row',
    spec: columnSpec(`{ type: text, constant: "${'x'.repeat(100_001)}" }`),
    at: '"xxx',
    hint: '--limit value_length=<n>',
  },
  {
    name: 'a template of 100,002 characters read for every row',
    spec: columnSpec(`{ type: text, template: "${'ab'.repeat(50_001)}" }`),
    at: '"abab',
    hint: '--limit value_length=<n>',
  },
  {
    name: 'a time series of 100,000,000 daily periods',
    spec: tableSpec('{ time_series: { period: day, periods: 100000000, base: 1 } }', '{ type: real, from: period.value }'),
    at: '100000000',
    line: LINE + 1,
    hint: '--limit series_periods=<n>',
  },
];

const folders: string[] = [];
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function specFolder(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hopify-costs-'));
  folders.push(dir);
  writeFileSync(join(dir, 'spec.yaml'), text);
  return dir;
}

/** 1-based line and column of `part` in the spec text. */
function place(spec: string, attack: Attack): { line: number; col: number } {
  const line = attack.line ?? LINE;
  return { line, col: spec.split('\n')[line - 1].indexOf(attack.at) + 1 };
}

/** A CLI that runs longer than this is hung: the issue saw these inputs run for minutes. */
const HANG = { timeoutMs: 60_000 };

describe('plugin costs refused before they are paid', () => {
  it.each(ATTACKS)('$name: validate (library) refuses it at its place', (attack) => {
    const dir = specFolder(attack.spec);
    const { line, col } = place(attack.spec, attack);
    expect(col).toBeGreaterThan(0);
    expect(validate(join(dir, 'spec.yaml'))).toEqual([expect.objectContaining({ code: 'SPEC_TOO_COSTLY', line, col, hint: expect.stringContaining(attack.hint) })]);
  });

  it.each(ATTACKS)('$name: the CLI validate and run exit 1 with SPEC_TOO_COSTLY at its place, write nothing, never crash', (attack) => {
    const dir = specFolder(attack.spec);
    const { line, col } = place(attack.spec, attack);
    for (const args of [['validate', 'spec.yaml'], ['run', 'spec.yaml', '--out', 'out.db']]) {
      const result = cli(args, { cwd: dir, ...HANG });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^error SPEC_TOO_COSTLY  spec\\.yaml:${line}:${col}$`, 'm'));
      expect(result.stderr).toContain(attack.hint);
      expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(readdirSync(dir)).toEqual(['spec.yaml']);
    }
  });

  it('runs what costs little: wide number ranges, short repeats and templates, patterns', () => {
    const dir = specFolder(`name: fine
seed: 1
as_of: 2025-06-30
tables:
  t:
    rows: { count: 50 }
    columns:
      big: { type: integer, faker: { method: number.int, args: [{ min: 0, max: 1000000000000 }] } }
      invoice: { type: text, faker: { method: helpers.fromRegExp, args: ['INV-[0-9]{6}'] } }
      town: { type: text, faker: { method: helpers.fake, args: ['{{location.city}}, {{location.state}} {{location.zipCode}}'], pool: 20 } }
      code: { type: text, pattern: "SAVE-[A-Z0-9]{6}" }
`);
    expect(validate(join(dir, 'spec.yaml'))).toEqual([]);
    expect(cli(['run', 'spec.yaml', '--out', 'out.db', '--quiet'], { cwd: dir, ...HANG })).toMatchObject({ status: 0, stderr: '' });
    const db = new Database(join(dir, 'out.db'), { readonly: true });
    try {
      const rows = db.prepare('SELECT big, invoice, town, code FROM t').all() as { big: number; invoice: string; town: string; code: string }[];
      expect(rows).toHaveLength(50);
      expect(rows.some((row) => row.big > 100_000)).toBe(true);
      expect(rows.every((row) => /^INV-\d{6}$/.test(row.invoice) && /^SAVE-[A-Z0-9]{6}$/.test(row.code) && row.town.includes(', '))).toBe(true);
    } finally {
      db.close();
    }
  });

  it('--limit value_length raises the bound: a value of 200,000 characters once allowed', () => {
    const dir = specFolder(columnSpec('{ type: text, faker: { method: string.alpha, args: [200000] } }'));
    expect(cli(['validate', 'spec.yaml'], { cwd: dir, ...HANG }).status).toBe(1);
    expect(cli(['run', 'spec.yaml', '--out', 'out.db', '--quiet', '--limit', 'value_length=200000'], { cwd: dir, ...HANG })).toMatchObject({ status: 0, stderr: '' });
    const db = new Database(join(dir, 'out.db'), { readonly: true });
    try {
      expect(db.prepare('SELECT min(length(x)) AS shortest, max(length(x)) AS longest FROM t').get()).toEqual({ shortest: 200_000, longest: 200_000 });
    } finally {
      db.close();
    }
  });
});
