/**
 * per_parent `order_by`: each parent's children come out sorted by the ordering columns;
 * `child.number` and sequences follow the sorted order; the rows are the same on every run
 * and whichever shards make them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../engine/index';
import { PartReader } from '../scaleout/partFolders';
import { runSpec, validateSpec, writeSpec } from '../helpers/runSpec';

/** Customers and their orders; `orderBy` is the per_parent order_by line (or nothing). */
function ordersSpec(orderBy: string, customers = 400): string {
  return `
name: ordered
seed: 5
as_of: 2025-06-30
tables:
  customers:
    rows: { count: ${customers} }
    columns:
      customer_id: { type: integer, primary_key: true, sequence: {} }
      signup_date: { type: date, date_between: { from: -3 years, to: -1 year } }
  orders:
    rows:
      per_parent:
        parent: customers
        count: { integer: { min: 0, max: 8 } }
        ${orderBy}
    columns:
      order_id: { type: integer, primary_key: true, sequence: {} }
      customer_id: { type: integer, from: parent.customer_id, references: customers.customer_id }
      order_date: { type: date, date_offset: { from: parent.signup_date, offset: { uniform: { min: 0, max: 700 } }, unit: days } }
      number: { type: integer, from: child.number }
      amount: { type: real, uniform: { min: 1, max: 100 } }
`;
}

type Order = { order_id: number; customer_id: number; order_date: string; number: number; amount: number };

/** Orders grouped by customer, in order_id order. */
function byCustomer(orders: Order[]): Map<number, Order[]> {
  const groups = new Map<number, Order[]>();
  for (const order of [...orders].sort((a, b) => a.order_id - b.order_id)) groups.set(order.customer_id, [...(groups.get(order.customer_id) ?? []), order]);
  return groups;
}

const isSortedByDate = (orders: Order[]) => orders.every((o, i) => i === 0 || orders[i - 1].order_date <= o.order_date);

describe('per_parent order_by', () => {
  it("writes each parent's children in date order, numbered and keyed in that order", async () => {
    const sorted = await runSpec(ordersSpec('order_by: order_date'));
    const unsorted = await runSpec(ordersSpec(''));
    try {
      const groups = byCustomer(sorted.rows('orders') as Order[]);
      expect(groups.size).toBeGreaterThan(300);
      for (const orders of groups.values()) {
        expect(isSortedByDate(orders)).toBe(true);
        expect(orders.map((o) => o.number)).toEqual(orders.map((_, i) => i + 1));
        // The sequence key counts the children in their sorted order: consecutive within a parent.
        expect(orders.map((o) => o.order_id - orders[0].order_id)).toEqual(orders.map((_, i) => i));
      }
      // Without order_by the same draws come out in draw order: some parent's dates are not sorted.
      expect([...byCustomer(unsorted.rows('orders') as Order[]).values()].some((orders) => !isSortedByDate(orders))).toBe(true);
      // The sort moves rows, it draws nothing new: the same dates per customer either way.
      const dates = (run: typeof sorted) => (run.rows('orders') as Order[]).map((o) => `${o.customer_id} ${o.order_date}`).sort();
      expect(dates(sorted)).toEqual(dates(unsorted));
    } finally {
      sorted.close();
      unsorted.close();
    }
  });

  it('sorts by several columns, the later ones breaking ties of the earlier', async () => {
    const spec = ordersSpec('order_by: [tier, amount]').replace('      amount:', '      tier: { type: integer, integer: { min: 1, max: 2 } }\n      amount:');
    const { rows, close } = await runSpec(spec);
    try {
      for (const orders of byCustomer(rows('orders') as (Order & { tier: number })[]).values()) {
        const keys = (orders as (Order & { tier: number })[]).map((o) => [o.tier, o.amount]);
        expect(keys).toEqual([...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
      }
    } finally {
      close();
    }
  });

  it('makes the same rows on every run with the same seed', async () => {
    const first = await runSpec(ordersSpec('order_by: order_date'));
    const second = await runSpec(ordersSpec('order_by: order_date'));
    try {
      expect(second.rows('orders')).toEqual(first.rows('orders'));
    } finally {
      first.close();
      second.close();
    }
  });

  it('makes the same rows split over 3 shards as in one run (parents in several chunks)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hopify-ordered-'));
    const reader = await PartReader.open();
    try {
      const specPath = writeSpec(ordersSpec('order_by: order_date', 25_000));
      await run(specPath, { target: `csv:${join(dir, 'single')}` });
      for (const index of [0, 1, 2]) await run(specPath, { target: `csv:${join(dir, 'shards')}`, shard: { index, count: 3 } });
      const single = await reader.canonicalRows(join(dir, 'single'), 'orders', 'csv');
      expect(single.length).toBeGreaterThan(50_000);
      expect(await reader.canonicalRows(join(dir, 'shards'), 'orders', 'csv')).toEqual(single);
    } finally {
      reader.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses an unknown ordering column, with a suggestion, at its line', () => {
    const problems = validateSpec(ordersSpec('order_by: order_dat'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'SPEC_UNKNOWN_COLUMN', path: 'tables.orders.rows.per_parent.order_by', line: 16 });
    expect(problems[0].hint).toContain('order_date');
  });

  it('refuses ordering by a column that reads previous.*', () => {
    const spec = ordersSpec('order_by: running').replace('      amount:', '      running: { type: real, expr: "coalesce(previous.running, 0) + 1" }\n      amount:');
    const problems = validateSpec(spec);
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toContain('reads previous.*');
    expect(problems[0].path).toBe('tables.orders.rows.per_parent.order_by');
  });

  it('stops with SPEC_TOO_COSTLY when one parent has more children to sort than the limit', async () => {
    const specPath = writeSpec(ordersSpec('order_by: order_date'));
    const dir = mkdtempSync(join(tmpdir(), 'hopify-ordered-'));
    try {
      await expect(run(specPath, { target: join(dir, 'out.db'), limits: { ordered_children: 5 } })).rejects.toMatchObject({
        problems: [expect.objectContaining({ code: 'SPEC_TOO_COSTLY', path: 'tables.orders.rows', hint: expect.stringContaining('--limit ordered_children=') })],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
