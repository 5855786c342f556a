import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'yaml';
import { expandSqlMacros } from '../../engine/sql/sqlMacros';
import { SQLITE_MACROS } from '../../engine/targets/sqlite/sqliteMacros';
import { cli, ROOT } from '../helpers/cli';

const LIBRARY = 'specs/examples/library.yaml';
const spec = parse(readFileSync(join(ROOT, LIBRARY), 'utf8')) as {
  as_of: string;
  checks: Record<string, unknown>;
  tables: Record<string, { no_overlap?: { per: string }[] }>;
};
/** The spec's checks, and the one `check` adds for each no_overlap rule. */
const checkNames = [
  ...Object.keys(spec.checks),
  ...Object.entries(spec.tables).flatMap(([table, { no_overlap }]) => (no_overlap ?? []).map(({ per }) => `${table}.no_overlap.${per}`)),
];
const escaped = (name: string) => name.replace(/[.]/g, '\\.');

/**
 * Each check with edits that break its rule in one place, in a copy of the output: the check
 * must then find a row. A check no edit can break proves nothing, so every check needs one here.
 */
/** Two ways a copy's loans can overlap. */
const OVERLAPS = [
  {
    breaks: "a copy's second loan starting the day its first did",
    sql: `UPDATE loans SET loaned_on = (SELECT first.loaned_on FROM loans first WHERE first.copy_id = loans.copy_id AND first.loan_number = 1)
          WHERE loan_id = (SELECT MIN(loan_id) FROM loans WHERE loan_number = 2)`,
  },
  {
    breaks: 'a loan still out before a later loan of its copy',
    sql: `UPDATE loans SET returned_on = NULL WHERE loan_id = (SELECT MIN(loan_id) FROM loans WHERE loan_number = 1 AND copy_id IN (SELECT copy_id FROM loans WHERE loan_number = 2))`,
  },
];

const violations: { check: string; breaks: string; sql: string }[] = [
  // The spec's own overlap check and the one its no_overlap rule adds must each find both breaks.
  ...['loans_overlap', 'loans.no_overlap.copy_id'].flatMap((check) => OVERLAPS.map((overlap) => ({ check, ...overlap }))),
  {
    check: 'return_before_loan',
    breaks: 'a book back the day it went out',
    sql: 'UPDATE loans SET returned_on = loaned_on WHERE loan_id = (SELECT MIN(loan_id) FROM loans WHERE returned_on IS NOT NULL)',
  },
  {
    check: 'return_before_loan',
    breaks: "a return after the dataset's today",
    sql: "UPDATE loans SET returned_on = '2025-07-01' WHERE loan_id = (SELECT MIN(loan_id) FROM loans WHERE returned_on IS NOT NULL)",
  },
  {
    check: 'borrower_not_yet_joined',
    breaks: 'the earliest loan given to the member who joined last',
    sql: `UPDATE loans SET member_id = (SELECT member_id FROM members ORDER BY joined_on DESC LIMIT 1)
          WHERE loan_id = (SELECT loan_id FROM loans ORDER BY loaned_on LIMIT 1)`,
  },
  { check: 'loan_on_closed_day', breaks: 'a loan on a Sunday', sql: "UPDATE loans SET loaned_on = '2024-06-02' WHERE loan_id = 1" },
  { check: 'loan_on_closed_day', breaks: 'a loan on Christmas Day', sql: "UPDATE loans SET loaned_on = '2023-12-25' WHERE loan_id = 1" },
  { check: 'loan_on_closed_day', breaks: 'a loan on a stocktaking day', sql: "UPDATE loans SET loaned_on = '2024-02-05' WHERE loan_id = 1" },
  { check: 'loan_on_closed_day', breaks: 'a member joining on a Sunday', sql: "UPDATE members SET joined_on = '2024-06-02' WHERE member_id = 1" },
  {
    check: 'loan_out_of_lending',
    breaks: 'a lent copy bought today',
    sql: "UPDATE copies SET acquired_on = '2025-06-30' WHERE copy_id = (SELECT copy_id FROM loans WHERE loan_id = 1)",
  },
  { check: 'loan_out_of_lending', breaks: 'a loan before the three years', sql: "UPDATE loans SET loaned_on = '2022-06-29' WHERE loan_id = 1" },
  { check: 'fine_not_by_rule', breaks: 'a fine a cent too high', sql: 'UPDATE fines SET amount = amount + 0.01 WHERE fine_id = 1' },
  { check: 'fine_not_by_rule', breaks: 'a late return without its fine', sql: 'DELETE FROM fines WHERE fine_id = 1' },
  {
    check: 'fine_not_by_rule',
    breaks: 'a fine for a return on time',
    sql: `UPDATE fines SET loan_id = (SELECT MIN(loan_id) FROM loans WHERE returned_on <= due_on) WHERE fine_id = 1`,
  },
  {
    check: 'numbered_out_of_order',
    breaks: "a copy's first two loans numbered the other way round",
    sql: 'UPDATE loans SET loan_number = 3 - loan_number WHERE loan_number IN (1, 2) AND copy_id = (SELECT MIN(copy_id) FROM loans WHERE loan_number = 2)',
  },
  {
    check: 'numbered_out_of_order',
    breaks: "a title's first two copies numbered the other way round",
    sql: 'UPDATE copies SET copy_number = 3 - copy_number WHERE copy_number IN (1, 2) AND title_id = (SELECT MIN(title_id) FROM copies WHERE copy_number = 2)',
  },
  { check: 'subject_repeated', breaks: 'a subject twice in a title', sql: "UPDATE titles SET subjects = 'war, crime, war' WHERE title_id = 1" },
  { check: 'accounts_disagree', breaks: "a member's fines a quarter too high", sql: 'UPDATE member_accounts SET fines_total = fines_total + 0.25 WHERE member_id = 1' },
  { check: 'accounts_disagree', breaks: 'a book out that the loans do not show', sql: 'UPDATE member_accounts SET books_out = books_out + 1 WHERE member_id = 1' },
];

describe('specs/examples/library.yaml', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hopify-library-'));
  const out = join(dir, 'library.db');
  let db: Database.Database;

  beforeAll(() => {
    // The CLI runs the build (npm test builds it first, in pretest).
    if (!existsSync(join(ROOT, 'dist', 'engine', 'cli', 'main.js'))) throw new Error('dist is missing: run `npm run build` (npm test does it in pretest)');
    const result = cli(['run', LIBRARY, '--out', out, '--quiet']);
    expect([result.status, result.stderr]).toEqual([0, '']);
    db = new Database(out, { readonly: true });
  });

  afterAll(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const value = (sql: string): number => db.prepare(sql).pluck().get() as number;

  test('passes every check it states', () => {
    const result = cli(['check', LIBRARY, '--db', out]);
    expect([result.status, result.stderr]).toEqual([0, '']);
    for (const name of checkNames) expect(result.stdout).toMatch(new RegExp(`^\\s*${escaped(name)}\\s+ok$`, 'm'));
  });

  test('has the histories the checks are about', () => {
    // Copies lent many times, members joining while loans happen, books still out, late returns.
    expect(value('SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM loans GROUP BY copy_id)')).toBeGreaterThanOrEqual(10);
    expect(value('SELECT COUNT(*) FROM members WHERE joined_on > (SELECT MIN(loaned_on) FROM loans)')).toBeGreaterThan(value('SELECT COUNT(*) FROM members') / 2);
    expect(value('SELECT COUNT(*) FROM loans l JOIN members m USING (member_id) WHERE m.joined_on > (SELECT MIN(loaned_on) FROM loans)')).toBeGreaterThan(0);
    expect(value('SELECT COUNT(*) FROM loans WHERE returned_on IS NULL')).toBeGreaterThan(0);
    expect(value('SELECT COUNT(*) FROM fines')).toBeGreaterThan(0);
    expect(value('SELECT COUNT(*) FROM fines WHERE amount = 3')).toBeGreaterThan(0);
  });

  test('declares exact types: money as DECIMAL, codes as CHAR and VARCHAR', () => {
    const declared = (table: string, column: string) => (db.prepare(`SELECT type FROM pragma_table_info('${table}') WHERE name = ?`).pluck().get(column) as string);
    expect(declared('fines', 'amount')).toBe('DECIMAL(8,2)');
    expect(declared('member_accounts', 'fines_total')).toBe('DECIMAL(10,2)');
    expect(declared('titles', 'isbn')).toBe('CHAR(13)');
    expect(declared('copies', 'barcode')).toBe('CHAR(12)');
    expect(declared('titles', 'title')).toBe('VARCHAR(200)');
    expect(value('SELECT COUNT(*) FROM copies WHERE LENGTH(barcode) <> 12')).toBe(0);
  });

  test('every check has an edit that breaks it', () => {
    expect([...new Set(violations.map((v) => v.check))].sort()).toEqual([...checkNames].sort());
  });

  /** Whether the check finds a row in the database at `path`: the spec's SQL as SQLite runs it, or `check` itself for the checks it adds. */
  function caught(check: string, path: string): boolean {
    const stated = spec.checks[check] as string | { sql: string } | undefined;
    if (stated === undefined) {
      const result = cli(['check', LIBRARY, '--db', path]);
      return result.status === 1 && new RegExp(`^\\s*${escaped(check)}\\s+\\d+ violating row`, 'm').test(result.stdout);
    }
    const sql = expandSqlMacros(typeof stated === 'string' ? stated : stated.sql, SQLITE_MACROS);
    const broken = new Database(path, { readonly: true });
    const rows = broken.prepare(sql).all(sql.includes(':as_of') ? { as_of: spec.as_of } : {});
    broken.close();
    return rows.length > 0;
  }

  test.each(violations)('$check catches $breaks', ({ check, sql }) => {
    const broken = join(dir, `broken-${check}.db`);
    copyFileSync(out, broken);
    const copy = new Database(broken);
    expect(copy.prepare(sql).run().changes).toBeGreaterThan(0);
    copy.close();
    expect(caught(check, broken)).toBe(true);
    rmSync(broken);
  });

  test('runs and passes its checks at a tenth of its size', () => {
    const small = join(dir, 'small.db');
    const result = cli(['run', LIBRARY, '--out', small, '--scale', '0.1', '--quiet']);
    expect([result.status, result.stderr]).toEqual([0, '']);
    const checked = cli(['check', LIBRARY, '--db', small]);
    expect([checked.status, checked.stderr]).toEqual([0, '']);
    const loans = new Database(small, { readonly: true });
    expect(loans.prepare('SELECT COUNT(*) FROM loans').pluck().get()).toBeGreaterThan(0);
    loans.close();
  });
});
