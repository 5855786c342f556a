import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../helpers/cli';
import { validateSpec, writeSpec } from '../helpers/runSpec';

const HEADER = 'name: t\nseed: 1\nas_of: 2025-06-30\n';
const CUSTOMERS = `
  customers:
    rows: { count: 10 }
    columns:
      customer_id: { type: integer, primary_key: true, sequence: {} }
      segment: { type: text, choice: { a: 1, b: 1 } }
`;

/** [error code, spec text, expected line, expected column, hint pattern, options] */
const CASES: [string, string, number, number, RegExp, Record<string, unknown>?][] = [
  ['YAML_SYNTAX', `${HEADER}tables:\n  t:\n    rows: { count: 1\n`, 7, 1, /./],
  ['YAML_SYNTAX', `${HEADER}tables:\n  t: 1\n  t: 2\n`, 6, 3, /once/],
  ['SPEC_UNKNOWN_KEY', `${HEADER}tables:${CUSTOMERS}    colums: {}\n`, 10, 5, /did you mean "columns"/],
  ['SPEC_SCHEMA', `${HEADER}tables:\n  t:\n    columns:\n      id: { type: integer, sequence: {} }\n`, 5, 3, /rows: The row driver/],
  ['SPEC_SCHEMA', `${HEADER}tables:${CUSTOMERS}      x: { type: txt, constant: 1 }\n`, 10, 18, /did you mean "text"/],
  ['SPEC_UNKNOWN_TABLE', `${HEADER}tables:${CUSTOMERS}  orders:\n    rows: { count: 5 }\n    columns:\n      customer_id: { type: integer, ref: customer.customer_id }\n`, 13, 42, /did you mean "customers"/],
  ['SPEC_UNKNOWN_COLUMN', `${HEADER}tables:${CUSTOMERS}  orders:\n    rows: { count: 5 }\n    columns:\n      customer_id: { type: integer, ref: customers.customerid }\n`, 13, 42, /did you mean "customer_id"/],
  ['SPEC_UNKNOWN_PARAM', `${HEADER}params: { customers: 3 }\ntables:\n  t:\n    rows: { count: "\${customer}" }\n    columns:\n      id: { type: integer, sequence: {} }\n`, 7, 20, /did you mean "customers"/],
  ['SPEC_UNKNOWN_KEY', `${HEADER}tables:${CUSTOMERS}      x: { type: real, unifrom: { min: 1, max: 2 } }\n`, 10, 24, /did you mean "uniform"/],
  ['SPEC_NO_GENERATOR', `${HEADER}tables:${CUSTOMERS}      x: { type: real, not_null: true }\n`, 10, 10, /add one of/],
  ['SPEC_BAD_EXPRESSION', `${HEADER}tables:${CUSTOMERS}      x: { type: real, expr: "customer_id * * 2" }\n`, 10, 30, /operators/],
  ['SPEC_BAD_EXPRESSION', `${HEADER}tables:${CUSTOMERS}      x: { type: text, expr: "constructor.name" }\n`, 10, 30, /expressions read/],
  ['SPEC_UNKNOWN_NAME', `${HEADER}tables:${CUSTOMERS}      x: { type: real, expr: "segmnt + 1" }\n`, 10, 30, /did you mean "segment"/],
  ['SPEC_CYCLE', `${HEADER}tables:${CUSTOMERS}      x: { type: text, template: "{segment}-{x}" }\n`, 10, 34, /previous\.x reads its value in the previous row/],
  ['SPEC_CYCLE', `${HEADER}tables:\n  a:\n    rows: { count: 2 }\n    columns:\n      id: { type: integer, sequence: {} }\n      b_id: { type: integer, ref: b.id }\n  b:\n    rows: { count: 2 }\n    columns:\n      id: { type: integer, sequence: {} }\n      a_id: { type: integer, ref: a.id }\n`, 5, 3, /remove one/],
  ['SPEC_BAD_DATE', `${HEADER}tables:${CUSTOMERS}      d: { type: date, date_between: { from: "yesterday-ish", to: as_of } }\n`, 10, 46, /YYYY-MM-DD/],
  ['SPEC_FILE_NOT_FOUND', `${HEADER}extends: missing-base.yaml\ntables:${CUSTOMERS}`, 4, 10, /relative/],
  ['DATA_FILE_NOT_FOUND', `${HEADER}data: { offices: offices.csv }\ntables:\n  o:\n    rows: { static: offices }\n    columns:\n      name: { type: text }\n`, 0, 0, /relative/],
  ['SPEC_BAD_OVERRIDE', `${HEADER}params: { customers: 3 }\ntables:${CUSTOMERS}`, 0, 0, /did you mean "params.customers"/, { set: ['params.customer=5'] }],
];

describe('spec errors', () => {
  // Every row gets its options: jest would take a missing last argument for a `done` callback.
  it.each(CASES.map(([code, text, line, col, hint, options]) => [code, text, line, col, hint, options ?? {}] as const))('%s is reported with its position and a hint', (code, text, line, col, hint, options) => {
    const problems = validateSpec(text, options);
    const problem = problems.find((p) => p.code === code);
    expect(problems.map((p) => p.code)).toContain(code);
    if (line) {
      expect({ line: problem!.line, col: problem!.col }).toEqual({ line, col });
      expect(problem!.file).toMatch(/\.yaml$/);
    }
    expect(problem!.hint ?? '').toMatch(hint);
  });

  it('reports every problem of a spec at once', () => {
    const problems = validateSpec(`${HEADER}tables:${CUSTOMERS}      x: { type: integer, ref: customer.customer_id }\n      y: { type: real, expr: "nope" }\n`);
    expect(problems.map((p) => p.code).sort()).toEqual(['SPEC_UNKNOWN_NAME', 'SPEC_UNKNOWN_TABLE']);
  });

  it('validate on a misspelt table reference prints file:line:col, the name and a suggestion, and exits 1', () => {
    const spec = writeSpec(`${HEADER}tables:${CUSTOMERS}  orders:\n    rows: { count: 5 }\n    columns:\n      customer_id: { type: integer, ref: customer.customer_id }\n`);
    const result = cli(['validate', spec]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${spec.split('/').pop()}:13:42`);
    expect(result.stderr).toContain('SPEC_UNKNOWN_TABLE');
    expect(result.stderr).toContain('table "customer" does not exist');
    expect(result.stderr).toContain('did you mean "customers"?');
    expect(result.stderr).toMatch(/> 13 \|/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('validate exits 0 on a valid spec', () => {
    const spec = writeSpec(`${HEADER}tables:${CUSTOMERS}`);
    writeFileSync(join(spec, '..', 'unused.txt'), '');
    expect(cli(['validate', spec]).status).toBe(0);
  });
});
