import { fitFanOutByParent } from '../../../engine/init/profile/fanOutByParent';
import type { SourceColumn, SourceRow } from '../../../engine/init/sourceDatabase';
import { draws, times } from './draws';

const KEY = { columns: ['customer_id'], table: 'customers', referencedColumns: ['customer_id'] };
const COLUMNS: SourceColumn[] = [
  { name: 'customer_id', type: { kind: 'integer', declared: 'INTEGER' }, notNull: true, unique: false },
  { name: 'segment', type: { kind: 'text', declared: 'TEXT' }, notNull: true, unique: false },
  { name: 'region', type: { kind: 'text', declared: 'TEXT' }, notNull: true, unique: false },
];

function shop(fanOut: (segment: string) => number) {
  const d = draws('fan-out');
  const parents: SourceRow[] = times(2000, (i) => ({ customer_id: i + 1, segment: d.pick(['consumer', 'business'], [70, 30]), region: d.pick(['north', 'south'], [50, 50]) }));
  const children = parents.flatMap((p) => times(fanOut(p.segment as string), () => ({ customer_id: p.customer_id })));
  return { parents, children, d };
}

describe('fitFanOutByParent: children per parent by a category of the parent', () => {
  test('orders per customer that depend on the segment get one count per segment', () => {
    const d = draws('segments');
    const { parents, children } = shop((segment) => (segment === 'consumer' ? d.integer(0, 3) : d.integer(2, 6)));
    const fit = fitFanOutByParent(children, parents, KEY, COLUMNS)!;
    expect(fit.generator).toMatchObject({ by: 'parent.segment', cases: { business: { integer: { min: 2, max: 6 } }, consumer: { integer: { min: 0, max: 3 } } } });
    expect(fit.description).toContain('by its segment');
  });

  test('a fan-out the same for every category gives none', () => {
    const d = draws('same');
    const { parents, children } = shop(() => d.integer(1, 4));
    expect(fitFanOutByParent(children, parents, KEY, COLUMNS)).toBeUndefined();
  });
});
