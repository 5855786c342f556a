/**
 * `previous.<column>`: the value of a column in the previous row of the same parent, NULL in
 * a parent's first row: running state such as a balance, or prior events raising the next.
 */
import { runSpec, validateSpec } from '../helpers/runSpec';

/** Accounts and their movements, sorted by date; `columns` adds lines to movements. */
function ledgerSpec(columns: string, driver = 'per_parent: { parent: accounts, count: { integer: { min: 0, max: 12 } }, order_by: booked_on }'): string {
  return `
name: ledger
seed: 9
as_of: 2025-06-30
tables:
  accounts:
    rows: { count: 300 }
    columns:
      account_id: { type: integer, primary_key: true, sequence: {} }
      opened_on: { type: date, date_between: { from: -2 years, to: -1 year } }
  movements:
    rows: { ${driver} }
    columns:
      movement_id: { type: integer, primary_key: true, sequence: {} }
      account_id: { type: integer, from: parent.account_id }
      booked_on: { type: date, date_offset: { from: parent.opened_on, offset: { uniform: { min: 0, max: 300 } }, unit: days } }
      amount: { type: integer, integer: { min: -50, max: 100 } }
${columns}
`;
}

describe('previous.<column>', () => {
  it('carries a running balance equal to the cumulative sum SQL computes per account in output order', async () => {
    const spec = ledgerSpec(`      balance: { type: integer, expr: "coalesce(previous.balance, 0) + amount" }
      prior_balance: { type: integer, from: previous.balance }`);
    const { db, close } = await runSpec(spec);
    try {
      const rows = db
        .prepare(
          `SELECT balance, prior_balance,
             SUM(amount) OVER (PARTITION BY account_id ORDER BY movement_id) AS running,
             LAG(balance) OVER (PARTITION BY account_id ORDER BY movement_id) AS lagged
           FROM movements`,
        )
        .all() as { balance: number; prior_balance: number | null; running: number; lagged: number | null }[];
      expect(rows.length).toBeGreaterThan(1000);
      for (const row of rows) {
        expect(row.balance).toBe(row.running);
        // NULL exactly for each account's first movement.
        expect(row.prior_balance).toBe(row.lagged);
      }
      expect(rows.filter((r) => r.prior_balance === null).length).toBe((db.prepare('SELECT COUNT(DISTINCT account_id) AS n FROM movements').get() as { n: number }).n);
    } finally {
      close();
    }
  });

  it('lets prior events raise the chance of the next (prior no-shows counted over the earlier siblings)', async () => {
    const spec = ledgerSpec(`      prior_no_shows: { type: integer, expr: "coalesce(previous.prior_no_shows, 0) + (if coalesce(previous.no_show, 0) > 0 then 1 else 0)" }
      no_show:
        type: boolean
        by: prior_no_shows
        cases:
          0: { chance: 0.1 }
        chance: 0.6
      after_no_show:
        type: integer
        by: previous.no_show
        cases:
          1: { constant: 1 }
        constant: 0`);
    const { db, close } = await runSpec(spec);
    try {
      const mismatches = db
        .prepare(
          `SELECT COUNT(*) AS n FROM (
             SELECT prior_no_shows, COALESCE(SUM(no_show) OVER (PARTITION BY account_id ORDER BY movement_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS counted
             FROM movements) WHERE prior_no_shows <> counted`,
        )
        .get() as { n: number };
      expect(mismatches.n).toBe(0);
      // by: reads previous.* too: the previous visit's no-show picks the case.
      const lagged = db
        .prepare(`SELECT COUNT(*) AS n FROM (SELECT after_no_show, COALESCE(LAG(no_show) OVER (PARTITION BY account_id ORDER BY movement_id), 0) AS before FROM movements) WHERE after_no_show <> before`)
        .get() as { n: number };
      expect(lagged.n).toBe(0);
      expect((db.prepare('SELECT SUM(after_no_show) AS n FROM movements').get() as { n: number }).n).toBeGreaterThan(50);
      const rate = (where: string) => (db.prepare(`SELECT AVG(no_show) AS r FROM movements WHERE ${where}`).get() as { r: number }).r;
      expect(rate('prior_no_shows = 0')).toBeLessThan(0.2);
      expect(rate('prior_no_shows > 0')).toBeGreaterThan(0.45);
    } finally {
      close();
    }
  });

  it('refuses previous.<name> that is no column, with a suggestion, at its line', () => {
    const problems = validateSpec(ledgerSpec('      balance: { type: integer, expr: "coalesce(previous.balanse, 0) + amount" }'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'SPEC_UNKNOWN_COLUMN', path: 'tables.movements.columns.balance.expr.expression', line: 18 });
    expect(problems[0].hint).toContain('balance');
  });

  it("reports a misspelt parent table once: previous.* of the table whose driver failed is no fault of its own", () => {
    const problems = validateSpec(ledgerSpec('      balance: { type: integer, expr: "coalesce(previous.balance, 0) + amount" }').replace('parent: accounts', 'parent: acounts'));
    expect(problems.map((p) => p.code)).toEqual(['SPEC_UNKNOWN_TABLE']);
  });

  it('refuses previous.* in a table whose rows have no parent, naming the drivers that give one', () => {
    const problems = validateSpec(ledgerSpec('      balance: { type: integer, expr: "coalesce(previous.balance, 0) + amount" }', 'count: 10').replace('from: parent.account_id', 'sequence: {}').replace(/date_offset: .*unit: days \}/, 'date_between: { from: -1 year, to: as_of }'));
    expect(problems.map((p) => p.message)).toEqual([expect.stringContaining('have no parent')]);
    expect(problems[0].hint).toContain('per_parent');
  });
});
