import { runSpec, validateSpec } from '../helpers/runSpec';
import { chiSquare } from './columnSamples';

const spec = (orderColumns: string, customers = 50) => `
name: t
seed: 1
as_of: 2025-06-30
tables:
  customers:
    rows: { count: ${customers} }
    columns:
      customer_id: { type: integer, primary_key: true, sequence: { start: 101 } }
      segment: { type: text, choice: { SMB: 60, Enterprise: 40 } }
      popularity: { type: integer, sequence: {} }
  orders:
    rows: { count: 20000 }
    columns:
      order_id: { type: integer, primary_key: true, sequence: {} }
${orderColumns}
`;

describe('ref', () => {
  test('keys of the referenced table, each row equally likely (χ²), with a foreign key', async () => {
    const run = await runSpec(spec('      customer_id: { type: integer, ref: customers.customer_id }'));
    const ids = run.rows('orders').map((o) => o.customer_id as number);
    expect(Math.min(...ids)).toBe(101);
    expect(Math.max(...ids)).toBe(150);
    const { statistic, limit } = chiSquare(ids, () => 1 / 50, 101, 150);
    expect(statistic).toBeLessThan(limit);
    expect(run.db.prepare('PRAGMA foreign_key_list(orders)').all()).toEqual([expect.objectContaining({ table: 'customers', from: 'customer_id', to: 'customer_id' })]);
    run.close();
  });

  test('weight: rows picked in proportion to a column (χ²)', async () => {
    const run = await runSpec(spec('      customer_id: { type: integer, ref: { to: customers.customer_id, weight: popularity } }'));
    const ids = run.rows('orders').map((o) => o.customer_id as number);
    // popularity of customer 100 + i is i, so P(100 + i) = i / 1275.
    const { statistic, limit } = chiSquare(ids, (id) => (id - 100) / 1275, 101, 150);
    expect(statistic).toBeLessThan(limit);
    run.close();
  });

  test('the referenced row reads through the column: customer_id.segment', async () => {
    const run = await runSpec(
      spec(`      customer_id: { type: integer, ref: customers.customer_id }
      segment: { type: text, from: customer_id.segment }`),
    );
    const segments = new Map(run.rows('customers').map((c) => [c.customer_id, c.segment]));
    expect(run.rows('orders').every((o) => o.segment === segments.get(o.customer_id))).toBe(true);
    run.close();
  });

  test('a key computed from the row index (sequence) gives the same keys as the kept column', async () => {
    const orders = '      customer_id: { type: integer, ref: customers.customer_id }';
    const computed = await runSpec(spec(orders));
    // by: makes the key column one that is kept and read back (no index function); the same draws pick the same rows.
    const kept = await runSpec(
      spec(orders).replace('sequence: { start: 101 } }', 'by: kind, cases: { one: { sequence: { start: 101 } } } }\n      kind: { type: text, write: false, constant: one }'),
    );
    expect(kept.rows('customers')).toEqual(computed.rows('customers'));
    expect(computed.rows('orders').map((o) => o.customer_id)).toEqual(kept.rows('orders').map((o) => o.customer_id));
    computed.close();
    kept.close();
  });

  test('an empty referenced table stops the run with a clear message', async () => {
    await expect(runSpec(spec('      customer_id: { type: integer, ref: customers.customer_id }', 0))).rejects.toThrow('which has no rows');
  });

  test('weights that are all 0 stop the run', async () => {
    const zero = spec('      customer_id: { type: integer, ref: { to: customers.customer_id, weight: popularity } }').replace('popularity: { type: integer, sequence: {} }', 'popularity: { type: integer, constant: 0 }');
    await expect(runSpec(zero)).rejects.toThrow('so none can be picked');
  });

  test('an unknown table gets a suggestion', () => {
    expect(validateSpec(spec('      customer_id: { type: integer, ref: custmers.customer_id }'))).toEqual([
      expect.objectContaining({ code: 'SPEC_UNKNOWN_TABLE', path: 'tables.orders.columns.customer_id.ref.to', hint: 'did you mean "customers"?' }),
    ]);
  });

  test('an unknown key or weight column is refused', () => {
    expect(validateSpec(spec('      customer_id: { type: integer, ref: customers.customer_idd }'))).toEqual([
      expect.objectContaining({ code: 'SPEC_UNKNOWN_COLUMN', hint: 'did you mean "customer_id"?' }),
    ]);
    expect(validateSpec(spec('      customer_id: { type: integer, ref: { to: customers.customer_id, weight: popularty } }'))).toEqual([
      expect.objectContaining({ code: 'SPEC_UNKNOWN_COLUMN', hint: 'did you mean "popularity"?' }),
    ]);
  });

  test('to is table.column', () => {
    expect(validateSpec(spec('      customer_id: { type: integer, ref: customers }'))).toEqual([expect.objectContaining({ code: 'SPEC_SCHEMA' })]);
  });
});
