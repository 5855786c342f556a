import { runSpec, validateSpec } from '../helpers/runSpec';

const spec = (orderColumns: string) => `
name: t
seed: 1
as_of: 2025-06-30
params:
  currency: EUR
tables:
  customers:
    rows: { count: 300 }
    columns:
      customer_id: { type: integer, primary_key: true, sequence: {} }
      customer_segment: { type: text, choice: { SMB: 60, Enterprise: 40 } }
  orders:
    rows: { per_parent: { parent: customers, count: { integer: { min: 1, max: 3 } } } }
    columns:
      customer_id: { type: integer, from: parent.customer_id }
${orderColumns}
`;

describe('from', () => {
  test('copies parent columns, same-row columns and params', async () => {
    const run = await runSpec(
      spec(`      segment: { type: text, from: parent.customer_segment }
      segment_again: { type: text, from: { path: segment } }
      currency: { type: text, from: params.currency }`),
    );
    const segments = new Map(run.rows('customers').map((c) => [c.customer_id, c.customer_segment]));
    const orders = run.rows('orders');
    expect(orders.length).toBeGreaterThan(300);
    expect(orders.every((o) => o.segment === segments.get(o.customer_id) && o.segment_again === o.segment && o.currency === 'EUR')).toBe(true);
    run.close();
  });

  test('an unknown path is refused with a suggestion', () => {
    expect(validateSpec(spec('      segment: { type: text, from: parent.segment }'))).toEqual([
      expect.objectContaining({ code: 'SPEC_UNKNOWN_COLUMN', path: 'tables.orders.columns.segment.from.path', hint: expect.stringContaining('customer_segment') }),
    ]);
  });
});
