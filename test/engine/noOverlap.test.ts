/**
 * Table-level `no_overlap:`: a row whose [start, end) overlaps an earlier row's interval of
 * the same resource is drawn again; `check` proves the rule on the written table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompiledColumn } from '../../engine/compile/column';
import { compileSpecFile, run } from '../../engine/index';
import { openDatabase } from '../../engine/report/database';
import { runChecks } from '../../engine/report/checks';
import { OverlapGuard } from '../../engine/run/noOverlap';
import { writtenTables } from '../../engine/sql/specSqlPieces';
import { cli } from '../helpers/cli';
import { runSpec, validateSpec, writeSpec } from '../helpers/runSpec';
import { PartReader } from '../scaleout/partFolders';
import { loansSpec, RULE } from './loansSpec';

/** Pairs of distinct loans of one copy whose intervals overlap (a NULL return never ends). */
const OVERLAPS = `
  SELECT COUNT(*) AS n FROM loans a JOIN loans b
    ON a.copy_id = b.copy_id AND a.loan_id < b.loan_id
   AND (b.returned_on IS NULL OR a.loan_date < b.returned_on)
   AND (a.returned_on IS NULL OR b.loan_date < a.returned_on)`;

describe('no_overlap', () => {
  it('makes loans that would overlap without the rule never overlap with it', async () => {
    const without = await runSpec(loansSpec());
    const withRule = await runSpec(loansSpec({ rule: RULE }));
    try {
      const overlaps = (run: typeof without) => (run.db.prepare(OVERLAPS).get() as { n: number }).n;
      expect(overlaps(without)).toBeGreaterThan(20);
      expect(overlaps(withRule)).toBe(0);
      expect(withRule.rows('loans').length).toBe(without.rows('loans').length);
      // Some loans are still open (NULL return): they block their copy from then on.
      expect(withRule.rows('loans').some((loan) => loan.returned_on === null)).toBe(true);
    } finally {
      without.close();
      withRule.close();
    }
  });

  it('keeps sorted children sorted: the ordering date stays, the copy is drawn again', async () => {
    const { db, rows, close } = await runSpec(loansSpec({ rule: RULE, orderBy: 'order_by: loan_date' }));
    try {
      expect((db.prepare(OVERLAPS).get() as { n: number }).n).toBe(0);
      const loans = rows('loans') as { member_id: number; loan_date: string }[];
      expect(loans.every((loan, i) => i === 0 || loan.member_id !== loans[i - 1].member_id || loans[i - 1].loan_date <= loan.loan_date)).toBe(true);
    } finally {
      close();
    }
  });

  it('adds a check per rule that check runs, and that finds overlaps in a table made without the rule', async () => {
    const withRule = await runSpec(loansSpec({ rule: RULE }));
    const without = await runSpec(loansSpec());
    try {
      // The spec with the rule checks both databases: the rule's query is the same.
      const compiled = compileSpecFile(writeSpec(loansSpec({ rule: RULE })));
      const check = async (dbPath: string) => {
        const db = await openDatabase(dbPath, { tables: writtenTables(compiled.spec) });
        try {
          return (await runChecks(compiled.spec, db, '2025-06-30')).find((r) => r.name === 'loans.no_overlap.copy_id');
        } finally {
          await db.close();
        }
      };
      const passing = await check(withRule.dbPath);
      expect(passing?.error).toBeUndefined();
      expect(passing?.violations).toBe(0);
      const failing = await check(without.dbPath);
      expect(failing?.error).toBeUndefined();
      expect(failing?.violations).toBeGreaterThan(20);
      expect(Object.keys(failing!.sample[0])).toEqual(['copy_id', 'loan_date', 'returned_on', 'previous_end']);
    } finally {
      withRule.close();
      without.close();
    }
  });

  it('shows the check in the output of hopify-engine check, failing on a table made without the rule', async () => {
    const without = await runSpec(loansSpec());
    try {
      const { status, stdout } = cli(['check', writeSpec(loansSpec({ rule: RULE })), '--db', without.dbPath]);
      expect(status).toBe(1);
      expect(stdout).toMatch(/^ {2}loans\.no_overlap\.copy_id +\d+ violating row\(s\), e\.g\. \{"copy_id":\d+,"loan_date":"\d{4}-\d\d-\d\d"/m);
    } finally {
      without.close();
    }
  });

  it('makes the same rows split over 3 shards as in one run (every shard makes the earlier chunks\' intervals)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hopify-overlap-'));
    const reader = await PartReader.open();
    try {
      const specPath = writeSpec(loansSpec({ rule: RULE, members: 25_000, copies: 10_000 }));
      await run(specPath, { target: `csv:${join(dir, 'single')}` });
      for (const index of [0, 1, 2]) await run(specPath, { target: `csv:${join(dir, 'shards')}`, shard: { index, count: 3 } });
      const single = await reader.canonicalRows(join(dir, 'single'), 'loans', 'csv');
      expect(single.length).toBeGreaterThan(50_000);
      expect(await reader.canonicalRows(join(dir, 'shards'), 'loans', 'csv')).toEqual(single);
    } finally {
      reader.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('stops with an error naming the table, the copy and the intervals when the loans cannot fit', async () => {
    const spec = loansSpec({ rule: RULE, copies: 1, loans: '{ constant: 5 }' });
    await expect(runSpec(spec)).rejects.toMatchObject({
      problems: [
        expect.objectContaining({
          code: 'RUN_CONSTRAINT',
          path: 'tables.loans',
          message: expect.stringMatching(/^loans: no_overlap per copy_id: 100 draws .* copy_id = 1, \[\d{4}-\d\d-\d\d, (\d{4}-\d\d-\d\d|open)\) overlaps \[\d{4}-\d\d-\d\d, (\d{4}-\d\d-\d\d|open)\)$/),
        }),
      ],
    });
  });

  it('refuses a rule naming no column, with a suggestion, at its line; and a text interval bound', () => {
    const unknown = validateSpec(loansSpec({ rule: '    no_overlap: [ { per: copy_id, start: loan_dat, end: returned_on } ]' }));
    expect(unknown).toEqual([expect.objectContaining({ code: 'SPEC_UNKNOWN_COLUMN', path: 'tables.loans.no_overlap[0].start', line: 26 })]);
    expect(unknown[0].hint).toContain('loan_date');
    const text = validateSpec(loansSpec({ rule: '    no_overlap: [ { per: loan_date, start: copy_id, end: note } ]' }).replace('      returned_on:', '      note: { type: text, constant: x }\n      returned_on:'));
    expect(text).toEqual([expect.objectContaining({ code: 'SPEC_TYPE_MISMATCH', path: 'tables.loans.no_overlap[0].end' })]);
  });

  it('lets a unique column draw again the values of rows it drew again', () => {
    const forgotten: unknown[] = [];
    const ticket = { name: 'ticket', forget: (value: unknown) => forgotten.push(value) } as unknown as CompiledColumn;
    const guard = new OverlapGuard([{ per: 'room', start: 'from', end: 'to' }], new Map());
    // Each fill draws the next of these rows: the second and third overlap the first.
    const draws = [
      { room: 1, from: 0, to: 10, ticket: 'a' },
      { room: 1, from: 5, to: 15, ticket: 'b' },
      { room: 1, from: 9, to: 12, ticket: 'c' },
      { room: 1, from: 10, to: 20, ticket: 'd' },
    ];
    const fill = guard.guard((row) => Object.assign(row, draws.shift()), [ticket]);
    const row: Record<string, unknown> = {};
    fill(row, [], 0);
    fill(row, [], 0);
    expect(row.ticket).toBe('d');
    expect(forgotten).toEqual(['b', 'c']);
  });
});
