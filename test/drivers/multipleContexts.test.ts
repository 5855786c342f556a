import { cli } from '../helpers/cli';
import { runSpec, validateSpec, writeSpec } from '../helpers/runSpec';

/** Customers with tickets and orders; `scores` reads one context per upstream table, each on its own key. */
const spec = (contexts: string) => `
name: two_contexts
seed: 4
tables:
  customers:
    rows: { count: 120 }
    columns:
      customer_id: { type: integer, primary_key: true, sequence: {} }
      region: { type: text, choice: { values: [north, south, east] } }
  tickets:
    rows:
      per_parent: { parent: customers, count: { integer: { min: 0, max: 4 } } }
    columns:
      ticket_id: { type: integer, primary_key: true, sequence: {} }
      customer_id: { type: integer, from: parent.customer_id, references: customers.customer_id }
  orders:
    rows:
      per_parent: { parent: customers, count: { integer: { min: 0, max: 3 } } }
    columns:
      order_id: { type: integer, primary_key: true, sequence: {} }
      customer_id: { type: integer, from: parent.customer_id, references: customers.customer_id }
      price: { type: real, uniform: { min: 1, max: 100 } }
      amount: { type: real, expr: "round_to(price, 2)" }
  scores:
    context:
${contexts}
    rows:
      per_parent: { parent: customers, count: { constant: 1 } }
    columns:
      customer_id: { type: integer, from: parent.customer_id, references: customers.customer_id }
      region: { type: text, from: parent.region }
      tickets: { type: integer, expr: "coalesce(context.tickets, 0)" }
      spent: { type: real, expr: "coalesce(context.spent, 0)" }
      region_customers: { type: integer, expr: "context.region_customers" }
`;

const TICKETS = `      - sql: SELECT customer_id, COUNT(*) AS tickets FROM tickets GROUP BY customer_id
        key: customer_id
        on: customer_id`;
const ORDERS = `      - sql: SELECT customer_id, SUM(amount) AS spent FROM orders GROUP BY customer_id
        key: customer_id
        on: customer_id`;
const REGIONS = `      - sql: SELECT region, COUNT(*) AS region_customers FROM customers GROUP BY region
        key: region
        on: region`;

describe('several contexts per table', () => {
  it('joins each query by its own key and reads every one as context.<column>', async () => {
    const run = await runSpec(spec([TICKETS, ORDERS, REGIONS].join('\n')));
    try {
      const wrong = run.db
        .prepare(
          `SELECT s.customer_id FROM scores s
           LEFT JOIN (SELECT customer_id, COUNT(*) AS n FROM tickets GROUP BY customer_id) t USING (customer_id)
           LEFT JOIN (SELECT customer_id, SUM(amount) AS total FROM orders GROUP BY customer_id) o USING (customer_id)
           JOIN (SELECT region, COUNT(*) AS n FROM customers GROUP BY region) r USING (region)
           WHERE s.tickets <> COALESCE(t.n, 0) OR abs(s.spent - COALESCE(o.total, 0)) > 1e-9 OR s.region_customers <> r.n`,
        )
        .all();
      expect(wrong).toEqual([]);
      // Each field is really read: some customers have tickets, some have none, regions differ in size.
      const distinct = (column: string) => (run.db.prepare(`SELECT COUNT(DISTINCT ${column}) AS n FROM scores`).get() as { n: number }).n;
      expect(distinct('tickets')).toBeGreaterThan(2);
      expect(distinct('spent')).toBeGreaterThan(50);
      expect(distinct('region_customers')).toBe(3);
    } finally {
      run.close();
    }
  });

  it('puts the tables every query reads into the graph as context edges', () => {
    const result = cli(['graph', writeSpec(spec([TICKETS, ORDERS, REGIONS].join('\n')))]);
    // customers is already scores' parent: the graph draws one edge per pair of tables.
    for (const upstream of ['tickets', 'orders']) expect(result.stdout).toContain(`${upstream} -->|context| scores`);
  });

  it('refuses two queries returning the same column, at the second query, with a hint to alias it', () => {
    const twice = ORDERS.replace('SUM(amount) AS spent', 'COUNT(*) AS tickets, SUM(amount) AS spent');
    const problems = validateSpec(spec([TICKETS, twice, REGIONS].join('\n')));
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'SPEC_BAD_OPTION',
        path: 'tables.scores.context[1]',
        line: 29,
        message: expect.stringContaining('this context query returns a column "tickets", as tables.scores.context[0] does'),
        hint: expect.stringContaining('AS tickets_2'),
      }),
    ]);
  });

  it('analyses each query on its own: a refused one is reported at its own sql line', () => {
    const problems = validateSpec(spec([TICKETS, ORDERS.replace('FROM orders', 'FROM ordrs'), REGIONS].join('\n')));
    expect(problems).toEqual([expect.objectContaining({ code: 'SPEC_UNSAFE_SQL', path: 'tables.scores.context[1].sql', line: 29, hint: expect.stringContaining('"orders"') })]);
  });

  it('lets two queries share their key name', () => {
    expect(validateSpec(spec([TICKETS, ORDERS, REGIONS].join('\n')))).toEqual([]);
  });

  it('refuses a context.<column> no query returns, at the column, with a did-you-mean', () => {
    const problems = validateSpec(spec([TICKETS, ORDERS, REGIONS].join('\n')).replace('context.spent', 'context.spend'));
    expect(problems).toEqual([
      expect.objectContaining({ code: 'SPEC_UNKNOWN_COLUMN', path: 'tables.scores.columns.spent.expr.expression', line: 41, message: 'no context query of table "scores" returns a column "spend"', hint: expect.stringContaining('"spent"') }),
    ]);
  });

  it('finds columns a query does not name (SELECT *) in its result, and refuses a name two results hold', async () => {
    const star = `      - sql: SELECT * FROM (SELECT customer_id, SUM(amount) AS spent FROM orders GROUP BY customer_id)
        key: customer_id
        on: customer_id`;
    const run = await runSpec(spec([TICKETS, star, REGIONS].join('\n')));
    try {
      const spent = run.db.prepare('SELECT COUNT(*) AS n FROM scores WHERE spent > 0').get() as { n: number };
      expect(spent.n).toBeGreaterThan(50);
    } finally {
      run.close();
    }
    const starTwice = star.replace('SUM(amount) AS spent', 'SUM(amount) AS spent, COUNT(*) AS tickets');
    await expect(runSpec(spec([TICKETS, starTwice, REGIONS].join('\n')))).rejects.toMatchObject({
      problems: [expect.objectContaining({ path: 'tables.scores.context[1]', message: expect.stringContaining('both return a column "tickets"') })],
    });
  });

  it('keeps the single-object form', async () => {
    const single = `      sql: SELECT customer_id, COUNT(*) AS tickets, 0 AS spent, 1 AS region_customers FROM tickets GROUP BY customer_id
      key: customer_id
      on: customer_id`;
    const run = await runSpec(spec(single));
    try {
      expect((run.db.prepare('SELECT MAX(tickets) AS n FROM scores').get() as { n: number }).n).toBeGreaterThan(1);
    } finally {
      run.close();
    }
  });
});
