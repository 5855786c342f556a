import { fitFanOutByParent } from '../../../engine/init/profile/fanOutByParent';
import type { ParentCount, SourceColumn, SourceRow } from '../../../engine/init/sourceDatabase';
import { parse } from 'yaml';
import { initSpec } from '../../../engine/init/initSpec';
import { draws, times } from './draws';
import { memorySource } from './memorySource';

const KEY = { columns: ['customer_id'], table: 'customers', referencedColumns: ['customer_id'] };
const COLUMNS: SourceColumn[] = [
  { name: 'customer_id', type: { kind: 'integer', declared: 'INTEGER' }, notNull: true, unique: false },
  { name: 'segment', type: { kind: 'text', declared: 'TEXT' }, notNull: true, unique: false },
  { name: 'region', type: { kind: 'text', declared: 'TEXT' }, notNull: true, unique: false },
];

/** 2,000 customers, each with its count of orders. */
function shop(fanOut: (segment: string) => number): ParentCount[] {
  const d = draws('fan-out');
  const parents: SourceRow[] = times(2000, (i) => ({ customer_id: i + 1, segment: d.pick(['consumer', 'business'], [70, 30]), region: d.pick(['north', 'south'], [50, 50]) }));
  return parents.map((parent) => ({ parent, count: fanOut(parent.segment as string) }));
}

describe('fitFanOutByParent: children per parent by a category of the parent', () => {
  test('orders per customer that depend on the segment get one count per segment', () => {
    const d = draws('segments');
    const fit = fitFanOutByParent(shop((segment) => (segment === 'consumer' ? d.integer(0, 3) : d.integer(2, 6))), KEY, COLUMNS)!;
    expect(fit.generator).toMatchObject({ by: 'parent.segment', cases: { business: { integer: { min: 2, max: 6 } }, consumer: { integer: { min: 0, max: 3 } } } });
    expect(fit.description).toContain('by its segment');
  });

  test('a fan-out the same for every category gives none', () => {
    const d = draws('same');
    expect(fitFanOutByParent(shop(() => d.integer(1, 4)), KEY, COLUMNS)).toBeUndefined();
  });

  test('is found on tables larger than --sample: each sampled parent comes with its exact count', async () => {
    const d = draws('large');
    const customers = times(6000, (i) => ({ customer_id: i + 1, segment: d.pick(['consumer', 'business'], [70, 30]) }));
    const orders = customers.flatMap((c) => times(c.segment === 'consumer' ? d.integer(0, 2) : d.integer(3, 7), () => ({ customer_id: c.customer_id })));
    const source = memorySource([
      { name: 'customers', columns: [{ name: 'customer_id', type: 'integer', notNull: true }, { name: 'segment', type: 'text', notNull: true }], primaryKey: ['customer_id'], rows: customers },
      {
        name: 'orders',
        columns: [{ name: 'order_id', type: 'integer', notNull: true }, { name: 'customer_id', type: 'integer', notNull: true }],
        primaryKey: ['order_id'],
        foreignKeys: [KEY],
        rows: orders.map((o, i) => ({ order_id: i + 1, ...o })),
      },
    ]);
    const spec = parse((await initSpec(source, { sample: 2000, keepValues: [] })).yaml);
    expect(spec.tables.orders.rows.per_parent.count).toMatchObject({ by: 'parent.segment', cases: { business: { integer: { min: 3, max: 7 } }, consumer: { integer: { min: 0, max: 2 } } } });
  });
});
