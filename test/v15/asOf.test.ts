import { generate, scalar, V15_SPEC } from './v15Dataset';

/** The analysts' "last complete month", as their SQL writes it. */
const LAST_COMPLETE_MONTH = "strftime('%Y-%m', date('now', 'start of month', '-1 month'))";

describe('v15 follows --as-of', () => {
  it('with --as-of today, queries using date("now") find data in the last complete month', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const run = await generate(V15_SPEC, 0.02, [], today);
    try {
      expect(scalar(run, `SELECT COUNT(*) FROM customers WHERE strftime('%Y-%m', signup_date) = ${LAST_COMPLETE_MONTH}`)).toBeGreaterThan(0);
      expect(scalar(run, `SELECT COUNT(*) FROM orders WHERE strftime('%Y-%m', order_date) = ${LAST_COMPLETE_MONTH}`)).toBeGreaterThan(0);
      expect(scalar(run, `SELECT COUNT(*) FROM customers WHERE signup_date > datetime('now')`)).toBe(0);
    } finally {
      run.close();
    }
  });

  it('moves the whole dataset with a fixed --as-of', async () => {
    const run = await generate(V15_SPEC, 0.02, [], '2023-03-15');
    try {
      expect(scalar(run, "SELECT MAX(signup_date) < '2023-03-15' FROM customers")).toBe(1);
      expect(scalar(run, "SELECT MIN(signup_date) >= '2020-03-01' FROM customers")).toBe(1);
      expect(scalar(run, "SELECT COUNT(*) FROM customers WHERE strftime('%Y-%m', signup_date) = '2023-02'")).toBeGreaterThan(0);
    } finally {
      run.close();
    }
  });
});
