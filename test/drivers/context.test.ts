import { runSpec, validateSpec } from '../helpers/runSpec';
import { cli } from '../helpers/cli';
import { writeSpec } from '../helpers/runSpec';

const spec = (ticketsPerCustomer: number, query = 'SELECT customer_id, COUNT(*) AS tickets, AVG(hours) AS mean_hours FROM tickets GROUP BY customer_id') => `
name: scored
seed: 3
as_of: 2025-06-30
tables:
  customers:
    rows: { count: 300 }
    columns:
      customer_id: { type: integer, primary_key: true, sequence: {} }
  tickets:
    rows:
      per_parent: { parent: customers, count: { integer: { min: 0, max: ${ticketsPerCustomer} } } }
    columns:
      ticket_id: { type: integer, primary_key: true, sequence: {} }
      customer_id: { type: integer, from: parent.customer_id, references: customers.customer_id }
      hours: { type: real, uniform: { min: 1, max: 100 } }
  scores:
    context:
      sql: ${query}
      key: customer_id
      on: parent.customer_id
    rows:
      per_parent: { parent: customers, count: { constant: 1 } }
    columns:
      customer_id: { type: integer, from: parent.customer_id, references: customers.customer_id }
      tickets: { type: integer, expr: "coalesce(context.tickets, 0)" }
      score: { type: real, expr: "coalesce(context.tickets, 0) * 0.1 + coalesce(context.mean_hours, 0) / 1000" }
`;

describe('SQL context', () => {
  it('joins the query result to each row by key, once per table', async () => {
    const run = await runSpec(spec(4));
    try {
      const mismatches = run.db
        .prepare(
          `SELECT s.customer_id FROM scores s
           LEFT JOIN (SELECT customer_id, COUNT(*) AS n FROM tickets GROUP BY customer_id) t USING (customer_id)
           WHERE s.tickets <> COALESCE(t.n, 0)`,
        )
        .all();
      expect(mismatches).toEqual([]);
      expect((run.db.prepare('SELECT COUNT(*) AS n FROM scores WHERE tickets = 0').get() as { n: number }).n).toBeGreaterThan(0);
    } finally {
      run.close();
    }
  });

  it('changes the dependent scores when the upstream table changes', async () => {
    const few = await runSpec(spec(1));
    const many = await runSpec(spec(6));
    try {
      const mean = (r: typeof few) => (r.db.prepare('SELECT AVG(score) AS m FROM scores').get() as { m: number }).m;
      expect(mean(many)).toBeGreaterThan(mean(few) * 2);
    } finally {
      few.close();
      many.close();
    }
  });

  it('refuses, at validation and with its position, a query naming an unknown table', () => {
    const problems = validateSpec(spec(2, 'SELECT customer_id, COUNT(*) AS tickets FROM ticket GROUP BY customer_id'));
    expect(problems).toEqual([
      expect.objectContaining({ code: 'SPEC_UNKNOWN_TABLE', path: 'tables.scores.context.sql', line: 19, hint: 'did you mean "tickets"?' }),
    ]);
  });

  it('puts the tables a query reads into the graph as context edges', () => {
    const result = cli(['graph', writeSpec(spec(2))]);
    expect(result.stdout).toContain('tickets -->|context| scores');
  });
});
