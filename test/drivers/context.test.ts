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

  // Keys that are small integers are looked up in an array, others in a map: both must join the same rows.
  const keyed = (on: string, key: string, extra = '') => `
name: keyed
seed: 3
tables:
  customers:
    rows: { count: 50 }
    columns:
      customer_id: { type: integer, primary_key: true, sequence: {} }
      far_id: { type: integer, expr: "customer_id * 1000000" }
      text_id: { type: text, template: "c{customer_id}" }
  scores:
    context:
      sql: SELECT ${key} AS k, customer_id * 10 AS tens FROM customers${extra}
      key: k
      on: parent.${on}
    rows:
      per_parent: { parent: customers, count: { constant: 1 } }
    columns:
      customer_id: { type: integer, from: parent.customer_id }
      tens: { type: integer, expr: "coalesce(context.tens, -1)" }
`;
  const tensOf = async (yamlText: string, sqliteClient?: 'sqlite3') => {
    const run = await runSpec(yamlText, { sqliteClient });
    try {
      return run.db.prepare('SELECT customer_id, tens FROM scores ORDER BY customer_id').all() as { customer_id: number; tens: number }[];
    } finally {
      run.close();
    }
  };

  it.each([
    ['small integer keys', 'customer_id', 'customer_id'],
    ['integer keys far apart', 'far_id', 'far_id'],
    ['text keys', 'text_id', 'text_id'],
  ])('joins every row by %s', async (_, on, key) => {
    const rows = await tensOf(keyed(on, key));
    expect(rows).toHaveLength(50);
    expect(rows.every((r) => r.tens === r.customer_id * 10)).toBe(true);
  });

  it('takes the last result row of a repeated key, and reads rows the same through the sqlite3 client', async () => {
    const repeated = keyed('customer_id', 'customer_id', ' UNION ALL SELECT customer_id, customer_id * 100 FROM customers WHERE customer_id <= 5');
    for (const rows of [await tensOf(repeated), await tensOf(repeated, 'sqlite3')]) {
      expect(rows.slice(0, 6).map((r) => r.tens)).toEqual([100, 200, 300, 400, 500, 60]);
    }
  });

  it('refuses a query whose rows lack a field the table reads', async () => {
    await expect(runSpec(keyed('customer_id', 'customer_id').replace(', customer_id * 10 AS tens', ''))).rejects.toThrow(
      'the context query of "scores" returns no column "tens"',
    );
  });

  it('reports a query that fails while its rows are read as a failed context query', async () => {
    // SQLite's abs() of the smallest integer fails as the row is computed.
    const failing = keyed('customer_id', 'customer_id').replace('customer_id * 10 AS tens', () => 'abs(-9223372036854775807 - customer_id) AS tens');
    await expect(runSpec(failing)).rejects.toMatchObject({ problems: [expect.objectContaining({ code: 'SPEC_BAD_OPTION', message: 'the context query of "scores" failed: integer overflow' })] });
  });

  it('refuses, at validation and with its position, a query naming an unknown table', () => {
    const problems = validateSpec(spec(2, 'SELECT customer_id, COUNT(*) AS tickets FROM ticket GROUP BY customer_id'));
    expect(problems).toEqual([
      expect.objectContaining({ code: 'SPEC_UNSAFE_SQL', path: 'tables.scores.context.sql', line: 19, message: "table ticket is not one of the dataset's tables", hint: expect.stringMatching(/^did you mean "tickets"\?/) }),
    ]);
  });

  it('puts the tables a query reads into the graph as context edges', () => {
    const result = cli(['graph', writeSpec(spec(2))]);
    expect(result.stdout).toContain('tickets -->|context| scores');
  });
});
