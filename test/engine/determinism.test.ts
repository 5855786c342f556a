import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSpec } from '../helpers/runSpec';
import { tableHashes } from '../helpers/tableHashes';

const SHOP = readFileSync(join(__dirname, '..', '..', 'specs', 'examples', 'shop.yaml'), 'utf8');

async function hashesOf(spec: string, seed: number): Promise<Record<string, string>> {
  const run = await runSpec(spec, { seed });
  try {
    return tableHashes(run.db);
  } finally {
    run.close();
  }
}

describe('determinism', () => {
  it('gives identical tables for the same seed and different ones for another seed', async () => {
    const first = await hashesOf(SHOP, 11);
    const again = await hashesOf(SHOP, 11);
    const other = await hashesOf(SHOP, 12);
    expect(again).toEqual(first);
    for (const table of Object.keys(first)) expect(other[table]).not.toBe(first[table]);
  });

  it('leaves tables that do not depend on an edited table unchanged', async () => {
    const before = await hashesOf(SHOP, 11);
    // Products feed order_items only: customers and orders must not move.
    const edited = SHOP.replace('price: { type: real, not_null: true, lognormal: { median: 25,', 'price: { type: real, not_null: true, lognormal: { median: 40,');
    expect(edited).not.toBe(SHOP);
    const after = await hashesOf(edited, 11);
    expect(after.customers).toBe(before.customers);
    expect(after.orders).toBe(before.orders);
    expect(after.products).not.toBe(before.products);
  });

  it('gives the same rows whatever the chunk a row falls in is generated with (chunks reseed)', async () => {
    const spec = `
name: chunks
seed: 5
as_of: 2025-01-01
tables:
  t:
    rows: { count: 25000 }
    columns:
      id: { type: integer, primary_key: true, sequence: {} }
      x: { type: real, uniform: { min: 0, max: 1 } }
`;
    const run = await runSpec(spec);
    const partial = await runSpec(spec.replace('count: 25000', 'count: 15000'));
    try {
      // The first 15,000 rows do not depend on how many rows follow.
      const head = run.db.prepare('SELECT * FROM t WHERE id <= 15000 ORDER BY id').all();
      expect(partial.db.prepare('SELECT * FROM t ORDER BY id').all()).toEqual(head);
    } finally {
      run.close();
      partial.close();
    }
  });
});
