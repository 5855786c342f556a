import { UserError } from '../../engine/errors/problem';
import { runSpec, validateSpec } from '../helpers/runSpec';

const spec = (dates: string) => `
name: follow_ups
seed: 5
as_of: 2025-06-30
tables:
  customers:
    rows: { count: 200 }
    columns:
      customer_id: { type: integer, primary_key: true, sequence: {} }
  tickets:
    rows:
      per_parent: { parent: customers, count: { integer: { min: 1, max: 4 } } }
    columns:
      ticket_id: { type: integer, primary_key: true, sequence: {} }
      customer_id: { type: integer, from: parent.customer_id, references: customers.customer_id }
      opened: { type: datetime, date_between: { from: -1 year, to: as_of } }
  follow_ups:
    context:
      sql: >
        SELECT customer_id, MAX(opened) AS last_opened, {{ days_between(MIN(opened), MAX(opened)) }} AS spread_days
        FROM tickets GROUP BY customer_id
      key: customer_id
      on: parent.customer_id
      dates: ${dates}
    rows:
      per_parent: { parent: customers, count: { constant: 1 } }
    columns:
      customer_id: { type: integer, from: parent.customer_id, references: customers.customer_id }
      due: { type: datetime, expr: "add_days(context.last_opened, 7)" }
      spread_days: { type: real, from: context.spread_days }
`;

describe('SQL context dates:', () => {
  it('reads the listed columns as dates, so date functions of expressions take them', async () => {
    const run = await runSpec(spec('[last_opened]'));
    try {
      const wrong = run.db
        .prepare(
          `SELECT f.customer_id FROM follow_ups f JOIN (SELECT customer_id, MAX(opened) AS last, MIN(opened) AS first FROM tickets GROUP BY customer_id) t USING (customer_id)
           WHERE f.due <> datetime(t.last, '+7 days') OR ABS(f.spread_days - (julianday(t.last) - julianday(t.first))) > 1e-6`,
        )
        .all();
      expect(wrong).toEqual([]);
      expect(run.rows('follow_ups')).toHaveLength(200);
    } finally {
      run.close();
    }
  });

  it('refuses a listed column that holds no date, naming it', async () => {
    const failure = await runSpec(spec('[last_opened, customer_id]')).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(UserError);
    expect((failure as UserError).problems[0]).toMatchObject({ code: 'SPEC_BAD_OPTION', path: 'tables.follow_ups.context.dates', message: expect.stringContaining('context column "customer_id"') });
  });

  it('refuses a misspelt macro at validation, at the context SQL', () => {
    const problems = validateSpec(spec('[last_opened]').replace('days_between', 'days_betwen'));
    expect(problems).toEqual([expect.objectContaining({ code: 'SPEC_BAD_OPTION', path: 'tables.follow_ups.context.sql', hint: 'did you mean "days_between"?' })]);
  });
});
