/** The guide's example of a parent's history (order_by, previous.*, no_overlap) runs and keeps its promises. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli';
import { runSpec } from '../helpers/runSpec';

test("the guide's history example: loans in date order, running totals, no copy on two loans at once", async () => {
  const guide = readFileSync(join(ROOT, 'docs', 'guide.md'), 'utf8');
  const example = /## A parent's history[^\n]*\n[\s\S]*?```yaml\n([\s\S]*?)```/.exec(guide)![1];
  const { db, close } = await runSpec(`name: guide\nseed: 1\nas_of: 2025-06-30\n${example}`);
  try {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(count('SELECT COUNT(*) AS n FROM loans')).toBeGreaterThan(1000);
    // In loan_id order, each member's loans are in date order and numbered 1, 2, …
    expect(
      count(`SELECT COUNT(*) AS n FROM (
        SELECT loaned_on, loan_number, LAG(loaned_on) OVER w AS before, ROW_NUMBER() OVER w AS position
        FROM loans WINDOW w AS (PARTITION BY member_id ORDER BY loan_id))
        WHERE loaned_on < before OR loan_number <> position`),
    ).toBe(0);
    // Running state: fines and lates so far, per member, as SQL sums them.
    expect(
      count(`SELECT COUNT(*) AS n FROM (
        SELECT fines_total, times_late,
          SUM(late * 2.5) OVER w AS fines, COALESCE(SUM(late) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS lates
        FROM loans WINDOW w AS (PARTITION BY member_id ORDER BY loan_id))
        WHERE abs(fines_total - fines) > 1e-9 OR times_late <> lates`),
    ).toBe(0);
    expect(count('SELECT AVG(late) * 100 AS n FROM loans WHERE times_late > 0')).toBeGreaterThan(2 * count('SELECT AVG(late) * 100 AS n FROM loans WHERE times_late = 0'));
    // No copy on two loans at once (a NULL return never ends).
    expect(
      count(`SELECT COUNT(*) AS n FROM loans a JOIN loans b ON a.copy_id = b.copy_id AND a.loan_id < b.loan_id
        AND (b.returned_on IS NULL OR a.loaned_on < b.returned_on) AND (a.returned_on IS NULL OR b.loaned_on < a.returned_on)`),
    ).toBe(0);
  } finally {
    close();
  }
});
