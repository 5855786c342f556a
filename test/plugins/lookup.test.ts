import { runSpec, validateSpec } from '../helpers/runSpec';

const spec = (column: string, extraColumns = '') => `
name: t
seed: 1
as_of: 2025-06-30
data:
  countries:
    rows:
      - { code: DE, currency: EUR, vat: 0.19 }
      - { code: US, currency: USD, vat: 0 }
      - { code: GB, currency: GBP, vat: 0.2 }
  plans: plans.csv
tables:
  t:
    rows: { count: 2000 }
    columns:
      id: { type: integer, primary_key: true, sequence: {} }
      country_code: { type: text, choice: { values: [DE, US, GB, FR] } }
${extraColumns}
      x: ${column}
`;
const files = { 'plans.csv': 'plan_id,name,price\n1,starter,19\n2,pro,49\n3,enterprise,299\n' };

async function rowsOf(column: string, extraColumns?: string) {
  const run = await runSpec(spec(column, extraColumns), { files });
  try {
    return run.rows('t');
  } finally {
    run.close();
  }
}

describe('lookup', () => {
  test('finds the value by the row’s key; missing keys give the default', async () => {
    const rows = await rowsOf('{ type: text, lookup: { data: countries, key: code, on: country_code, value: currency, default: EUR } }');
    const expected: Record<string, string> = { DE: 'EUR', US: 'USD', GB: 'GBP', FR: 'EUR' };
    expect(rows.every((r) => r.x === expected[r.country_code as string])).toBe(true);
    expect(new Set(rows.map((r) => r.country_code))).toEqual(new Set(['DE', 'US', 'GB', 'FR']));
  });

  test('without a default, a missing key gives NULL; numbers stay numbers', async () => {
    const rows = await rowsOf('{ type: real, lookup: { data: countries, key: code, on: country_code, value: vat } }');
    const expected: Record<string, number | null> = { DE: 0.19, US: 0, GB: 0.2, FR: null };
    expect(rows.every((r) => r.x === expected[r.country_code as string])).toBe(true);
  });

  test('CSV data sets; numeric keys match whether the row holds numbers or text', async () => {
    const byNumber = await rowsOf('{ type: integer, lookup: { data: plans, key: plan_id, on: plan_id, value: price } }', '      plan_id: { type: integer, integer: { min: 1, max: 3 } }');
    expect(byNumber.every((r) => r.x === ({ 1: 19, 2: 49, 3: 299 } as Record<number, number>)[r.plan_id as number])).toBe(true);
    const byText = await rowsOf('{ type: text, lookup: { data: plans, key: plan_id, on: plan_code, value: name } }', '      plan_code: { type: text, choice: { values: ["1", "3"] } }');
    expect(byText.every((r) => r.x === (r.plan_code === '1' ? 'starter' : 'enterprise'))).toBe(true);
  });

  test('unknown data sets and columns are refused with suggestions', () => {
    expect(validateSpec(spec('{ type: text, lookup: { data: countrys, key: code, on: country_code, value: currency } }'), { files })).toEqual([
      expect.objectContaining({ code: 'SPEC_UNKNOWN_DATA', path: 'tables.t.columns.x.lookup.data', hint: 'did you mean "countries"?' }),
    ]);
    expect(validateSpec(spec('{ type: text, lookup: { data: countries, key: code, on: country_code, value: curency } }'), { files })).toEqual([
      expect.objectContaining({ code: 'SPEC_UNKNOWN_COLUMN', path: 'tables.t.columns.x.lookup.value', hint: 'did you mean "currency"?' }),
    ]);
    expect(validateSpec(spec('{ type: text, lookup: { data: countries, key: code, on: country, value: currency } }'), { files })).toEqual([
      expect.objectContaining({ code: 'SPEC_UNKNOWN_NAME', path: 'tables.t.columns.x.lookup.on' }),
    ]);
  });

  test('a key with two different values is refused', () => {
    const twice = spec('{ type: text, lookup: { data: countries, key: vat, on: country_code, value: currency } }').replace('{ code: GB, currency: GBP, vat: 0.2 }', '{ code: GB, currency: GBP, vat: 0 }');
    expect(validateSpec(twice, { files })).toEqual([
      expect.objectContaining({ code: 'SPEC_BAD_OPTION', path: 'tables.t.columns.x.lookup.key', message: expect.stringContaining('vat = 0 has two different currency values') }),
    ]);
  });
});
