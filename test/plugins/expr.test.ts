import { runSpec, validateSpec } from '../helpers/runSpec';

const spec = (columns: string) => `
name: t
seed: 1
as_of: 2025-06-30
params:
  tax: 0.2
tables:
  t:
    rows: { count: 1000 }
    columns:
      id: { type: integer, primary_key: true, sequence: {} }
      quantity: { type: integer, integer: { min: 1, max: 5 } }
      unit_price: { type: real, uniform: { min: 1, max: 100, round: 2 } }
${columns}
`;

describe('expr', () => {
  test('arithmetic over the row and params, by shorthand', async () => {
    const run = await runSpec(spec('      total: { type: real, expr: "quantity * unit_price * (1 + params.tax)" }'));
    expect(run.rows('t').every((r) => Math.abs((r.total as number) - (r.quantity as number) * (r.unit_price as number) * 1.2) < 1e-9)).toBe(true);
    run.close();
  });

  test('conditionals', async () => {
    const run = await runSpec(spec('      size: { type: text, expr: "if quantity >= 3 then \\"big\\" else \\"small\\"" }'));
    expect(run.rows('t').every((r) => r.size === ((r.quantity as number) >= 3 ? 'big' : 'small'))).toBe(true);
    run.close();
  });

  test('unknown names and syntax errors point at the expression', () => {
    expect(validateSpec(spec('      total: { type: real, expr: "quantity * price" }'))).toEqual([
      expect.objectContaining({ code: 'SPEC_UNKNOWN_NAME', path: 'tables.t.columns.total.expr.expression' }),
    ]);
    expect(validateSpec(spec('      total: { type: real, expr: "quantity * * 2" }'))).toEqual([
      expect.objectContaining({ code: 'SPEC_BAD_EXPRESSION', path: 'tables.t.columns.total.expr.expression' }),
    ]);
  });
});
