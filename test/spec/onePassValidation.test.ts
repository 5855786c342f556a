/**
 * validate runs every phase in one pass: a part the schema refuses is not compiled, nor is
 * what only reads it, but every other part is, and each problem is reported at its own line.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { cli } from '../helpers/cli';
import { validateSpec, writeSpec } from '../helpers/runSpec';

const HEADER = 'name: t\nseed: 1\nas_of: 2025-06-30\n';

/** Products and order items (lines 5–15); `productId` is the column at line 13, `item` the one at line 16. */
function shop(item: string, productId = 'order_id: { type: integer, primary_key: true, sequence: {} }'): string {
  return `${HEADER}tables:
  products:
    rows: { count: 5 }
    columns:
      product_id: { type: integer, primary_key: true, sequence: {} }
      price: { type: real, uniform: { min: 1, max: 9 } }
  order_items:
    rows: { count: 20 }
    columns:
      ${productId}
      product_id: { type: integer, ref: prodcts.product_id }
      price: { type: real, from: product_id.price }
      ${item}
`;
}

const where = (p: { code: string; line?: number; col?: number; path: string }) => [p.code, p.line, p.col, p.path];

describe('validate in one pass', () => {
  it('reports a schema error and a semantic error together, each at its own line, without the follow-on of the bad reference', () => {
    const problems = validateSpec(shop('qty: { type: integer, uniform: { min: 1, max: 5 } }', 'order_id: { type: integer, primary_key: true, sequence: {}, not_nul: true }'));
    expect(problems.map(where)).toEqual([
      ['SPEC_UNKNOWN_KEY', 13, 67, 'tables.order_items.columns.order_id.not_nul'],
      ['SPEC_UNKNOWN_TABLE', 14, 41, 'tables.order_items.columns.product_id.ref.to'],
    ]);
    expect(problems.map((p) => p.hint)).toEqual(['did you mean "not_null"?', 'did you mean "products"?']);
    expect(problems.map((p) => p.file)).toEqual([expect.stringMatching(/spec\.yaml$/), expect.stringMatching(/spec\.yaml$/)]);
  });

  it('still compiles the other columns of a table with a refused column', () => {
    const problems = validateSpec(shop('qty: { type: integer, expr: "quantiy * 2" }', 'order_id: { type: integer, sequenc: {} }'));
    expect(problems.map(where)).toEqual([
      ['SPEC_UNKNOWN_KEY', 13, 34, 'tables.order_items.columns.order_id.sequenc'],
      ['SPEC_UNKNOWN_TABLE', 14, 41, 'tables.order_items.columns.product_id.ref.to'],
      ['SPEC_UNKNOWN_NAME', 16, 35, 'tables.order_items.columns.qty.expr.expression'],
    ]);
  });

  it('reads a refused column of another table without a follow-on error', () => {
    const spec = `${HEADER}tables:
  products:
    rows: { count: 5 }
    columns:
      product_id: { type: integer, primary_key: true, sequence: {} }
      price: { type: real, unifrom: { min: 1, max: 9 } }
  order_items:
    rows: { count: 20 }
    columns:
      product_id: { type: integer, ref: products.product_id }
      price: { type: real, from: product_id.price }
      qty: { type: integer, from: product_id.quantity }
`;
    expect(validateSpec(spec).map(where)).toEqual([
      ['SPEC_UNKNOWN_KEY', 9, 28, 'tables.products.columns.price.unifrom'],
      ['SPEC_UNKNOWN_COLUMN', 15, 35, 'tables.order_items.columns.qty.from.path'],
    ]);
  });

  it.each([
    ['not a map', 'null'],
    ['with bad options', '{ type: integer, primary_key: true, choice: 5 }'],
  ])('a refused key column (%s) adds no error to the columns that reference it, use it as by:, or follow it', (_, key) => {
    const spec = `${HEADER}tables:
  a:
    rows: { count: 2 }
    columns:
      id: ${key}
  b:
    rows: { per_parent: { parent: a, count: { constant: 1 } } }
    columns:
      id: { type: integer, from: parent.id, references: a.id }
      r: { type: integer, ref: a.id }
      v: { type: integer, from: r.id }
      w: { type: integer, by: parent.id, cases: { "1": { constant: 1 } }, constant: 0 }
      z: { type: real, expr: "nope" }
`;
    expect(validateSpec(spec).map((p) => [p.code, p.line, p.path])).toEqual([
      ['SPEC_SCHEMA', 8, expect.stringMatching(/^tables\.a\.columns\.id/)],
      ['SPEC_UNKNOWN_NAME', 16, 'tables.b.columns.z.expr.expression'],
    ]);
  });

  it('leaves the table-wide rules (foreign_keys:, no_overlap:) of a table with a refused column for after the fix', () => {
    const spec = `${HEADER}tables:
  a:
    rows: { count: 2 }
    columns:
      id: { type: integer, primary_key: true, sequence: {} }
      e: null
  b:
    no_overlap: [ { per: r, start: s, end: e } ]
    foreign_keys: [ { columns: [r], references: { table: a, columns: [e] } } ]
    rows: { count: 3 }
    columns:
      r: { type: integer, uniform: { min: 1, max: 2 } }
      s: { type: date, date_between: { from: 2024-01-01, to: 2024-02-01 } }
      e: null
      z: { type: real, expr: "nope" }
`;
    expect(validateSpec(spec).map((p) => [p.code, p.line, p.path])).toEqual([
      ['SPEC_SCHEMA', 9, 'tables.a.columns.e'],
      ['SPEC_SCHEMA', 17, 'tables.b.columns.e'],
      ['SPEC_UNKNOWN_NAME', 18, 'tables.b.columns.z.expr.expression'],
    ]);
  });

  it('compiles the columns of a table whose row driver the schema refused, without "has no parent" follow-ons', () => {
    const spec = `${HEADER}tables:
  customers:
    rows: { count: 5 }
    columns:
      customer_id: { type: integer, primary_key: true, sequence: {} }
      segment: { type: text, choice: { a: 1, b: 1 } }
  orders:
    rows: { per_parent: { parent: customers, count: { uniform: { min: 1, max: many } } } }
    columns:
      customer_id: { type: integer, from: parent.customer_id }
      discount: { type: real, by: parent.segment, cases: { a: { expr: "customer_id * rate" } }, constant: 0 }
      n: { type: integer, expr: "child.number" }
`;
    expect(validateSpec(spec).map(where)).toEqual([
      ['SPEC_SCHEMA', 11, 79, 'tables.orders.rows.per_parent.count.uniform.max'],
      ['SPEC_UNKNOWN_NAME', 14, 71, 'tables.orders.columns.discount.cases.a.expr.expression'],
    ]);
  });

  it('skips a table the schema refused as a whole, and what reads it, but checks the others', () => {
    const spec = `${HEADER}tables:
  customers:
    rows: { count: 5 }
    colums:
      customer_id: { type: integer, primary_key: true, sequence: {} }
  orders:
    rows: { per_parent: { parent: customers, count: { constant: 2 } } }
    columns:
      customer_id: { type: integer, from: parent.customer_id, references: customers.customer_id }
  payments:
    rows: { count: 3 }
    columns:
      customer_id: { type: integer, ref: customers.customer_id }
      amount: { type: real, uniform: { min: 1, max: 2 }, scale: 2 }
`;
    expect(validateSpec(spec).map((p) => [p.code, p.line, p.path])).toEqual([
      ['SPEC_SCHEMA', 5, 'tables.customers'],
      ['SPEC_UNKNOWN_KEY', 7, 'tables.customers.colums'],
      ['SPEC_UNKNOWN_KEY', 17, 'tables.payments.columns.amount.scale'],
    ]);
  });

  it('a table that is not a map at all adds no error to the tables that name it', () => {
    const spec = `${HEADER}tables:\n  a: 5\n  b:\n    rows: { count: 2 }\n    columns:\n      a_id: { type: integer, uniform: { min: 1, max: 2 }, references: a.id }\n      z: { type: real, expr: "nope" }\n`;
    expect(validateSpec(spec).map((p) => [p.code, p.line, p.path])).toEqual([
      ['SPEC_SCHEMA', 5, 'tables.a'],
      ['SPEC_UNKNOWN_NAME', 10, 'tables.b.columns.z.expr.expression'],
    ]);
  });

  it('checks cases: keys, boolean ones included, in the same pass as the schema', () => {
    const spec = `${HEADER}tables:
  people:
    rows: { count: 5 }
    columns:
      role: { type: text, choice: { student: 1, teacher: 1 } }
      enrolled: { type: boolean, boolean: 0.5 }
      fee: { type: real, by: role, cases: { studnet: { constant: 1 } }, constant: 0 }
      discount: { type: real, by: enrolled, cases: { yes: { constant: 1 }, false: { constant: 0 } } }
      age: { type: integer, uniform: { min: 1, max: 9 }, nul_probability: 0.1 }
`;
    expect(validateSpec(spec).map((p) => [p.code, p.line, p.path, p.hint])).toEqual([
      ['SPEC_UNKNOWN_KEY', 12, 'tables.people.columns.age.nul_probability', 'did you mean "null_probability"?'],
      ['SPEC_UNKNOWN_NAME', 10, 'tables.people.columns.fee.cases.studnet', 'did you mean "student"?'],
      ['SPEC_UNKNOWN_NAME', 11, 'tables.people.columns.discount.cases.yes', 'valid values: true, false'],
    ]);
  });

  it('validate prints the problems of both phases in the order of their lines, and exits 1', () => {
    // Found schema first, the unknown key (line 15) is printed after the unknown table (line 14).
    const file = writeSpec(shop('qty: { type: integer, uniform: { min: 1, max: 5 } }').replace('price: { type: real, from: product_id.price }', 'price: { type: real, from: product_id.price, not_nul: true }'));
    try {
      const result = cli(['validate', file]);
      expect(result.status).toBe(1);
      const places = [...result.stderr.matchAll(/^error (\w+)\s+\S+:(\d+):(\d+)$/gm)].map((m) => [m[1], Number(m[2])]);
      expect(places).toEqual([
        ['SPEC_UNKNOWN_TABLE', 14],
        ['SPEC_UNKNOWN_KEY', 15],
      ]);
      expect(result.stderr).toContain('2 problems found.');
    } finally {
      rmSync(dirname(file), { recursive: true, force: true });
    }
  });

  it('stops after the schema when a part every table may read is refused', () => {
    const spec = `${HEADER}params: [1, 2]\ntables:\n  t:\n    rows: { count: 2 }\n    columns:\n      x: { type: real, expr: "nope" }\n`;
    expect(validateSpec(spec).map((p) => [p.code, p.path])).toEqual([['SPEC_SCHEMA', 'params']]);
  });

  it('keeps the limit on the number of problems across both phases', () => {
    const columns = ['a: { type: real, unifrom: {} }', 'b: { type: real, expr: "nope" }', 'c: { type: real, expr: "nope" }'].map((c) => `      ${c}`).join('\n');
    const problems = validateSpec(`${HEADER}tables:\n  t:\n    rows: { count: 2 }\n    columns:\n${columns}\n`, { limits: { problems: 2 } });
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['SPEC_UNKNOWN_KEY', 'tables.t.columns.a.unifrom'],
      ['SPEC_UNKNOWN_NAME', 'tables.t.columns.b.expr.expression'],
      ['SPEC_TOO_COSTLY', ''],
    ]);
  });
});
