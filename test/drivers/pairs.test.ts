import { runSpec, validateSpec, type SpecRun } from '../helpers/runSpec';

/** Products (left) and stores (right), plus a table `pairs` driven by `rows` (YAML flow). */
function pairSpec(rows: string, columns = '', { products = 400, stores = 30 } = {}): string {
  return `
name: pairs
seed: 8
as_of: 2025-06-30
tables:
  products:
    rows: { count: ${products} }
    columns:
      product_id: { type: integer, primary_key: true, sequence: {} }
      kind: { type: text, choice: { food: 50, tool: 50 } }
      sold_at: { type: date, date_between: { from: -1 year, to: as_of } }
  stores:
    rows: { count: ${stores} }
    columns:
      store_id: { type: integer, primary_key: true, sequence: {} }
      size: { type: integer, sequence: {} }
      opened: { type: date, date_between: { from: -1 year, to: as_of } }
      closed: { type: date, date_offset: { from: opened, offset: { integer: { min: 20, max: 120 } } } }
  pairs:
    rows: ${rows}
    columns:
      product_id: { type: integer, from: left.product_id, references: products.product_id }
      store_id: { type: integer, from: right.store_id, references: stores.store_id }
${columns}
`;
}

const LEFT = '{ table: products, fields: [product_id, kind, sold_at] }';
const RIGHT = '{ table: stores, fields: [store_id, size, opened, closed] }';

async function withRun<T>(spec: string, body: (run: SpecRun) => T): Promise<T> {
  const run = await runSpec(spec);
  try {
    return body(run);
  } finally {
    run.close();
  }
}

const value = (run: SpecRun, sql: string): number => Object.values(run.db.prepare(sql).get() as Record<string, number>)[0];

describe('cross_product driver', () => {
  it('keeps each pair with its probability, by a left column', async () => {
    const rows = `{ cross_product: { left: ${LEFT}, right: ${RIGHT}, probability: { by: left.kind, cases: { food: { constant: 0.5 } }, constant: 0.1 } } }`;
    await withRun(pairSpec(rows, '      kind: { type: text, from: left.kind }'), (run) => {
      const pairsOf = (kind: string) => value(run, `SELECT COUNT(*) FROM pairs WHERE kind = '${kind}'`) / (value(run, `SELECT COUNT(*) FROM products WHERE kind = '${kind}'`) * 30);
      // About 6000 pairs of each kind: the shares' standard deviations are 0.009 and 0.0055.
      expect(Math.abs(pairsOf('food') - 0.5)).toBeLessThan(0.04);
      expect(Math.abs(pairsOf('tool') - 0.1)).toBeLessThan(0.02);
      expect(value(run, 'SELECT COUNT(*) FROM (SELECT product_id, store_id FROM pairs GROUP BY 1, 2 HAVING COUNT(*) > 1)')).toBe(0);
      expect(run.db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    });
  });

  it('picks per_left distinct right rows in proportion to a right column', async () => {
    const rows = `{ cross_product: { left: ${LEFT}, right: ${RIGHT}, per_left: 1, weight: size } }`;
    await withRun(pairSpec(rows, '', { products: 20000, stores: 4 }), (run) => {
      const perStore = run.db.prepare('SELECT store_id, COUNT(*) AS n FROM pairs GROUP BY 1 ORDER BY 1').all() as { store_id: number; n: number }[];
      // Sizes 1..4: shares 0.1, 0.2, 0.3, 0.4.
      perStore.forEach(({ n }, i) => expect(Math.abs(n / 20000 - (i + 1) / 10)).toBeLessThan(0.015));
    });
    const three = `{ cross_product: { left: ${LEFT}, right: ${RIGHT}, per_left: { by: left.kind, cases: { food: { constant: 3 } }, constant: 10 } } }`;
    await withRun(pairSpec(three, '', { products: 200, stores: 6 }), (run) => {
      expect(value(run, "SELECT COUNT(*) FROM (SELECT product_id FROM pairs JOIN products USING (product_id) WHERE kind = 'food' GROUP BY 1 HAVING COUNT(DISTINCT store_id) <> 3)")).toBe(0);
      // Asking for more than there are gives every right row once.
      expect(value(run, "SELECT COUNT(*) FROM (SELECT product_id FROM pairs JOIN products USING (product_id) WHERE kind = 'tool' GROUP BY 1 HAVING COUNT(*) <> 6)")).toBe(0);
    });
  });

  it('weight: an expression over left.* and right.* changes the right rows with the left row', async () => {
    // Food products favour store 1 twenty to one; tools pick stores by size; no product pairs with store 4.
    const weight = 'if right.store_id == 4 then 0 else if left.kind == "food" then (if right.store_id == 1 then 20 else 1) else right.size';
    const rows = `{ cross_product: { left: ${LEFT}, right: ${RIGHT}, per_left: 1, weight: '${weight}' } }`;
    await withRun(pairSpec(rows, '      kind: { type: text, from: left.kind }', { products: 20000, stores: 4 }), (run) => {
      const share = (kind: string, store: number) => value(run, `SELECT AVG(store_id = ${store}) FROM pairs WHERE kind = '${kind}'`);
      expect(Math.abs(share('food', 1) - 20 / 22)).toBeLessThan(0.02);
      expect(Math.abs(share('tool', 3) - 3 / 6)).toBeLessThan(0.02);
      expect(value(run, 'SELECT COUNT(*) FROM pairs WHERE store_id = 4')).toBe(0);
      expect(value(run, 'SELECT COUNT(*) FROM pairs')).toBe(20000);
    });
    // Asking for more rows than weigh above 0 gives each of those once.
    const all = `{ cross_product: { left: ${LEFT}, right: ${RIGHT}, per_left: 10, weight: 'if right.store_id == 4 then 0 else 1' } }`;
    await withRun(pairSpec(all, '', { products: 50, stores: 4 }), (run) => {
      expect(value(run, 'SELECT COUNT(*) FROM (SELECT product_id FROM pairs GROUP BY 1 HAVING COUNT(DISTINCT store_id) <> 3)')).toBe(0);
    });
    const misspelt = validateSpec(pairSpec(`{ cross_product: { left: ${LEFT}, right: ${RIGHT}, per_left: 1, weight: 'right.sise * 2' } }`));
    expect(misspelt).toEqual([expect.objectContaining({ path: 'tables.pairs.rows.cross_product.weight', hint: expect.stringContaining('size') })]);
  });

  it('asks for exactly one of probability and per_left', () => {
    const problems = validateSpec(pairSpec(`{ cross_product: { left: ${LEFT}, right: ${RIGHT} } }`));
    expect(problems).toEqual([expect.objectContaining({ code: 'SPEC_BAD_OPTION', path: 'tables.pairs.rows.cross_product', message: expect.stringContaining('either probability') })]);
  });

  it('fails clearly when a field is not a column of its table', async () => {
    await expect(runSpec(pairSpec(`{ cross_product: { left: { table: products, fields: [product_id, colour] }, right: ${RIGHT}, probability: 0.1 } }`))).rejects.toThrow(
      'table "products" has no column "colour"',
    );
  });
});

describe('link driver', () => {
  const WHERE = 'left.sold_at >= right.opened and left.sold_at <= right.closed';

  it('links only pairs meeting the condition, a share of the left rows, per_left distinct right rows each', async () => {
    const rows = `{ link: { left: ${LEFT}, right: ${RIGHT}, where: '${WHERE}', probability: 0.6, per_left: 2 } }`;
    await withRun(pairSpec(rows, '', { products: 3000, stores: 40 }), (run) => {
      const outside = `SELECT COUNT(*) FROM pairs JOIN products p USING (product_id) JOIN stores s USING (store_id) WHERE p.sold_at < s.opened OR p.sold_at > s.closed`;
      expect(value(run, outside)).toBe(0);
      expect(value(run, 'SELECT COUNT(*) FROM (SELECT product_id FROM pairs GROUP BY 1 HAVING COUNT(*) > 2 OR COUNT(DISTINCT store_id) <> COUNT(*))')).toBe(0);
      // Left rows with at least two matching right rows are linked twice with chance 0.6.
      const eligible = `SELECT p.product_id FROM products p JOIN stores s ON p.sold_at BETWEEN s.opened AND s.closed GROUP BY 1 HAVING COUNT(*) >= 2`;
      const linked = value(run, `SELECT COUNT(DISTINCT product_id) FROM pairs WHERE product_id IN (${eligible})`) / value(run, `SELECT COUNT(*) FROM (${eligible})`);
      expect(Math.abs(linked - 0.6)).toBeLessThan(0.04);
      expect(value(run, `SELECT COUNT(*) FROM (SELECT product_id FROM pairs WHERE product_id IN (${eligible}) GROUP BY 1 HAVING COUNT(*) <> 2)`)).toBe(0);
    });
  });

  it('picks among matching right rows uniformly, or in proportion to weight', async () => {
    const uniform = `{ link: { left: ${LEFT}, right: ${RIGHT}, where: 'right.size <= 2' } }`;
    await withRun(pairSpec(uniform, '', { products: 4000, stores: 50 }), (run) => {
      expect(value(run, 'SELECT COUNT(*) FROM pairs')).toBe(4000);
      expect(Math.abs(value(run, 'SELECT AVG(store_id = 1) FROM pairs') - 0.5)).toBeLessThan(0.03);
    });
    const weighted = `{ link: { left: ${LEFT}, right: ${RIGHT}, where: 'right.size <= 2', weight: size } }`;
    await withRun(pairSpec(weighted, '', { products: 4000, stores: 50 }), (run) => {
      expect(Math.abs(value(run, 'SELECT AVG(store_id = 2) FROM pairs') - 2 / 3)).toBeLessThan(0.03);
    });
  });

  it('names an unknown field of the condition with a suggestion', () => {
    const problems = validateSpec(pairSpec(`{ link: { left: ${LEFT}, right: ${RIGHT}, where: 'left.sold >= right.opened' } }`));
    expect(problems).toEqual([
      expect.objectContaining({ path: 'tables.pairs.rows.link.where', message: '"left" has no field "sold"', hint: expect.stringContaining('sold_at') }),
    ]);
  });
});
