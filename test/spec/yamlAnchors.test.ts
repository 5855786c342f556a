/**
 * YAML anchors under `x-` keys, and merge keys (`<<: *anchor`): the engine ignores `x-` keys
 * wherever a real key would be refused, merges as YAML 1.1 specifies, and still reports a
 * misspelt key at its own line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSpec, validateSpec } from '../helpers/runSpec';

const HEADER = 'name: t\nseed: 1\nas_of: 2025-06-30\n';

/** Anchors at the top, in a table, in a column and in a generator's options; reused by columns. */
const ANCHORED = `${HEADER}x-money: &money { type: real, not_null: true }
x-price: &price { uniform: { min: 1, max: 2, x-note: "generator options take x- keys too" } }
tables:
  x-shared: &id { type: integer, primary_key: true, sequence: {} }
  products:
    x-owner: catalogue team
    rows: { count: 5 }
    columns:
      x-pad: &label { type: text, x-why: "column keys take x- keys too", choice: { a: 1, x-large: 1 } }
      product_id: *id
      label: *label
      price:
        <<: [*money, *price]
      cost:
        <<: *money
        expr: "price / 2"
`;

describe('x- keys', () => {
  it('are homes for anchors at every level and never reach the engine', async () => {
    const spec = await runSpec(ANCHORED);
    try {
      const rows = spec.rows('products');
      expect(rows).toHaveLength(5);
      expect(Object.keys(rows[0]).sort()).toEqual(['cost', 'label', 'price', 'product_id']);
      for (const row of rows) {
        expect(row.price).toBeGreaterThanOrEqual(1);
        expect(row.price).toBeLessThanOrEqual(2);
        expect(row.cost).toBeCloseTo((row.price as number) / 2);
      }
      // A weights map takes any key: its `x-large` is a value, not an anchor's home.
      expect(new Set(rows.map((r) => r.label))).toEqual(new Set(['a', 'x-large']));
      const columns = spec.db.prepare("SELECT name, \"notnull\" FROM pragma_table_info('products') ORDER BY cid").all();
      expect(columns).toEqual([
        { name: 'product_id', notnull: expect.any(Number) },
        { name: 'label', notnull: 0 },
        { name: 'price', notnull: 1 },
        { name: 'cost', notnull: 1 },
      ]);
    } finally {
      spec.close();
    }
  });

  it('still refuses a misspelt real key, and a key without the x- prefix', () => {
    const problems = validateSpec(`${HEADER}x-ok: 1\nxnote: 1\ntables:\n  t:\n    rows: { count: 1 }\n    colums: {}\n    columns:\n      id: { type: integer, sequence: {} }\n`);
    expect(problems.map((p) => [p.code, p.path, p.line])).toEqual([
      ['SPEC_UNKNOWN_KEY', 'xnote', 5],
      ['SPEC_UNKNOWN_KEY', 'tables.t.colums', 9],
    ]);
  });

  it('are accepted by the editor schema wherever validate accepts them', () => {
    const schema = JSON.parse(readFileSync(join(__dirname, '../../schema/spec.schema.json'), 'utf8'));
    for (const name of ['column', 'table', 'generator', 'spec']) expect(schema.definitions[name].patternProperties).toEqual({ '^x-': {} });
    expect(schema.definitions.spec.properties.tables.propertyNames.anyOf).toContainEqual({ pattern: '^x-' });
  });
});

describe('merge keys', () => {
  it('merge as YAML 1.1 says: own keys win, then the earlier of the merged maps', async () => {
    const spec = await runSpec(`${HEADER}x-a: &a { type: integer, constant: 1 }
x-b: &b { type: text, constant: two, not_null: true }
tables:
  t:
    rows: { count: 2 }
    columns:
      own: { <<: *a, constant: 3 }
      first: { <<: [*a, *b] }
      second: { <<: [*b, *a] }
`);
    try {
      expect(spec.rows('t')).toEqual([
        { own: 3, first: 1, second: 'two' },
        { own: 3, first: 1, second: 'two' },
      ]);
    } finally {
      spec.close();
    }
  });

  it('report a misspelt key beside a merge at its own line, and a fault inside merged content at the anchor', () => {
    const problems = validateSpec(`${HEADER}x-base: &base { type: real, unifrom: { min: 1, max: 2 } }
x-ok: &ok { type: real }
tables:
  t:
    rows: { count: 1 }
    columns:
      id: { type: integer, sequence: {} }
      bad_merged: { <<: *base }
      bad_own:
        <<: *ok
        nul_probability: 0.1
        constant: 1
`);
    expect(problems.map((p) => [p.code, p.path, p.line, p.hint])).toEqual([
      ['SPEC_UNKNOWN_KEY', 'tables.t.columns.bad_merged.unifrom', 4, expect.stringMatching(/did you mean "uniform"/)],
      ['SPEC_UNKNOWN_KEY', 'tables.t.columns.bad_own.nul_probability', 14, expect.stringMatching(/did you mean "null_probability"/)],
    ]);
  });

  it('are bounded by the alias limit: merged maps that each hold the last ten times stop early', () => {
    const layers = ['a: &a { k: [x, x, x, x, x, x, x, x, x, x] }'];
    for (const [i, name] of [...'bcdefgh'].entries()) {
      const prev = 'abcdefgh'[i];
      layers.push(`${name}: &${name} { <<: *${prev}, ${Array.from({ length: 10 }, (_, j) => `k${j}: *${prev}`).join(', ')} }`);
    }
    const problems = validateSpec(`${HEADER}x-bomb:\n${layers.map((l) => `  ${l}`).join('\n')}\ntables:\n  t:\n    rows: { count: 1 }\n    columns:\n      id: { type: integer, sequence: {} }\n`);
    expect(problems).toEqual([expect.objectContaining({ code: 'YAML_SYNTAX', hint: expect.stringMatching(/aliases are limited/) })]);
  });
});
