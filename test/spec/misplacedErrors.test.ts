/**
 * Each fault is reported at the line and spec path of the option that holds it, not at a
 * parent node or the table's first column, and a fault that only follows from another is not reported.
 */
import { validateSpec } from '../helpers/runSpec';

const HEADER = 'name: t\nseed: 1\nas_of: 2025-06-30\n';

/** Customers and products (lines 5–14), then `tables` (from line 15). */
function spec(tables: string): string {
  return `${HEADER}tables:
  customers:
    rows: { count: 5 }
    columns:
      customer_id: { type: integer, primary_key: true, sequence: {} }
      segment: { type: text, choice: { retail: 1, business: 1 } }
  products:
    rows: { count: 5 }
    columns:
      product_id: { type: integer, primary_key: true, sequence: {} }
      price: { type: real, uniform: { min: 1, max: 9 } }
${tables}`;
}

/** The one problem of a spec, with where it is. */
function onlyProblem(text: string) {
  const problems = validateSpec(text);
  expect(problems).toHaveLength(1);
  const [p] = problems;
  expect(p.file).toMatch(/spec\.yaml$/);
  return { code: p.code, line: p.line, col: p.col, path: p.path, hint: p.hint };
}

describe('errors at the option that holds them', () => {
  it('by: parent.<misspelt> is at the by: line, with the read to copy as its did-you-mean', () => {
    const text = spec(`  orders:
    rows:
      per_parent:
        parent: customers
        count: { constant: 2 }
    columns:
      discount:
        type: real
        by: parent.segmnt
        cases: { retail: { constant: 5 } }
        constant: 0
`);
    expect(onlyProblem(text)).toEqual({ code: 'SPEC_UNKNOWN_COLUMN', line: 23, col: 13, path: 'tables.orders.columns.discount.by', hint: 'did you mean "parent.segment"?' });
  });

  it('by: inside cases: is at its own line', () => {
    const text = spec(`  orders:
    rows: { per_parent: { parent: customers, count: { constant: 2 } } }
    columns:
      discount:
        type: real
        by: parent.segment
        cases:
          retail: { by: parent.segmnt, cases: { retail: { constant: 1 } }, constant: 2 }
        constant: 0
`);
    expect(onlyProblem(text)).toEqual({ code: 'SPEC_UNKNOWN_COLUMN', line: 22, col: 25, path: 'tables.orders.columns.discount.cases.retail.by', hint: 'did you mean "parent.segment"?' });
  });

  // The reference column after the column that follows it too: that read is resolved last, and still placed at its own line.
  it.each([
    ['before', '      product_id: { type: integer, ref: products.product_id }\n      price: { type: real, from: product_id.prize }\n', 19],
    ['after', '      price: { type: real, from: product_id.prize }\n      product_id: { type: integer, ref: products.product_id }\n', 18],
  ])('from: <ref column>.<misspelt> is at its from: line, with its own path (reference column declared %s)', (_, columns, line) => {
    const text = spec(`  order_items:\n    rows: { count: 5 }\n    columns:\n${columns}`);
    expect(onlyProblem(text)).toEqual({ code: 'SPEC_UNKNOWN_COLUMN', line, col: 34, path: 'tables.order_items.columns.price.from.path', hint: 'did you mean "price"?' });
  });

  it('following a column that is not a reference is at the line that follows it', () => {
    const text = spec(`  order_items:
    rows: { count: 5 }
    columns:
      qty: { type: integer, uniform: { min: 1, max: 3 } }
      total: { type: real, expr: "qty.price * 2" }
`);
    expect(onlyProblem(text)).toMatchObject({ code: 'SPEC_BAD_OPTION', line: 19, col: 34, path: 'tables.order_items.columns.total.expr.expression' });
  });

  it('a misspelt ref table is one error: the columns that follow the reference add none', () => {
    const text = spec(`  order_items:
    rows: { count: 5 }
    columns:
      product_id: { type: integer, ref: prodcts.product_id }
      price: { type: real, from: product_id.price }
      doubled: { type: real, expr: "product_id.price * 2" }
`);
    expect(onlyProblem(text)).toEqual({ code: 'SPEC_UNKNOWN_TABLE', line: 18, col: 41, path: 'tables.order_items.columns.product_id.ref.to', hint: 'did you mean "products"?' });
  });

  it('an expression in a driver count: is at the count: line', () => {
    const text = spec(`  orders:
    rows:
      per_parent:
        parent: customers
        count: { expr: "parent.customer_idd mod 3" }
    columns:
      order_id: { type: integer, sequence: {} }
`);
    expect(onlyProblem(text)).toEqual({ code: 'SPEC_UNKNOWN_COLUMN', line: 19, col: 24, path: 'tables.orders.rows.per_parent.count.expr.expression', hint: 'did you mean "parent.customer_id"?' });
  });

  it('an unknown parent table is at the parent: line', () => {
    const text = spec(`  orders:
    rows:
      per_parent:
        parent: customer
        count: { constant: 2 }
    columns:
      order_id: { type: integer, sequence: {} }
`);
    expect(onlyProblem(text)).toEqual({ code: 'SPEC_UNKNOWN_TABLE', line: 18, col: 17, path: 'tables.orders.rows.per_parent.parent', hint: 'did you mean "customers"?' });
  });

  it('a link where: is at its own line', () => {
    const text = spec(`  matches:
    rows:
      link:
        left: { table: customers, fields: [customer_id] }
        right: { table: products, fields: [product_id, price] }
        where: "right.prize > 2"
    columns:
      customer_id: { type: integer, expr: left.customer_id }
`);
    expect(onlyProblem(text)).toMatchObject({ code: 'SPEC_UNKNOWN_NAME', line: 20, path: 'tables.matches.rows.link.where', hint: 'did you mean "right.price"?' });
  });

  it('a context on: is at its own line', () => {
    const text = spec(`  visits:
    context:
      sql: "SELECT customer_id AS cid, COUNT(*) AS n FROM customers GROUP BY customer_id"
      key: cid
      on: customr_id
    rows: { count: 4 }
    columns:
      customer_id: { type: integer, ref: customers.customer_id }
      n: { type: integer, expr: context.n }
`);
    expect(onlyProblem(text)).toEqual({ code: 'SPEC_UNKNOWN_NAME', line: 19, col: 11, path: 'tables.visits.context.on', hint: 'did you mean "customer_id"?' });
  });

  it('a misspelt column in a key or index list is at that name, not the list', () => {
    const text = spec(`  order_items:
    rows: { count: 5 }
    primary_key: [order_id, line_no]
    indexes:
      - { columns: [order_id, product_idd] }
    columns:
      order_id: { type: integer, sequence: {} }
      line_nr: { type: integer, constant: 1 }
      product_id: { type: integer, ref: products.product_id }
`);
    expect(validateSpec(text).map((p) => [p.code, p.line, p.col, p.path, p.hint])).toEqual([
      ['SPEC_UNKNOWN_COLUMN', 17, 29, 'tables.order_items.primary_key[1]', 'did you mean "line_nr"?'],
      ['SPEC_UNKNOWN_COLUMN', 19, 31, 'tables.order_items.indexes[0].columns[1]', 'did you mean "product_id"?'],
    ]);
  });

  it('a reference to a column that is not a key is at the ref: that makes the foreign key', () => {
    const text = spec(`  order_items:\n    rows: { count: 5 }\n    columns:\n      price: { type: real, ref: products.price }\n`);
    expect(onlyProblem(text)).toMatchObject({ code: 'SPEC_BAD_OPTION', line: 18, col: 33, path: 'tables.order_items.columns.price.ref', hint: 'make products.price the primary key (primary_key: true) or unique (unique: true)' });
  });

  it('an undeclared data set of static rows is at its own line', () => {
    const text = spec(`  offices:\n    rows: { static: { data: ofices } }\n    columns:\n      name: { type: text }\n`);
    expect(onlyProblem(text)).toEqual({ code: 'SPEC_UNKNOWN_DATA', line: 16, col: 29, path: 'tables.offices.rows.static.data', hint: 'no data set is defined here' });
  });
});
