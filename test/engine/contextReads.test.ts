/** `context.*` reads: one lookup per row shared by its fields, and the key column generated before any column that reads context. */
import { runSpec } from '../helpers/runSpec';

const spec = `
name: keyed
seed: 5
as_of: 2025-06-30
tables:
  customers:
    rows: { count: 200 }
    columns:
      customer_id: { type: integer, primary_key: true, sequence: {} }
      spend: { type: real, uniform: { min: 1, max: 100, round: 2 } }
  visits:
    context:
      sql: SELECT customer_id, spend, spend * 2 AS double_spend FROM customers
      key: customer_id
      on: customer_id
    rows: { count: 1000 }
    columns:
      visit_id: { type: integer, primary_key: true, sequence: {} }
      # Listed before the key it is looked up by: the key must still come first in every row.
      spend: { type: real, expr: "context.spend" }
      double_spend: { type: real, expr: "context.double_spend" }
      customer_id: { type: integer, ref: customers.customer_id }
`;

test('every context field of a row comes from that row’s key, whatever the column order', async () => {
  const run = await runSpec(spec);
  try {
    const wrong = run.db
      .prepare('SELECT v.visit_id FROM visits v JOIN customers c USING (customer_id) WHERE v.spend IS NOT c.spend OR v.double_spend IS NOT c.spend * 2')
      .all();
    expect(run.db.prepare('SELECT COUNT(*) AS n FROM visits').get()).toEqual({ n: 1000 });
    expect(wrong).toEqual([]);
  } finally {
    run.close();
  }
});
