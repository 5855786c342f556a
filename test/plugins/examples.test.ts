import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadPlugins } from '../../engine/plugins/registry';
import { runSpec } from '../helpers/runSpec';

/**
 * Every generator's documented example runs as column `example` of a table that has
 * what examples refer to: a parent `customers`, names, dates, a countries data set.
 */
const harness = (example: Record<string, unknown>) => `
name: examples
seed: 1
as_of: 2025-06-30
data:
  countries:
    rows: [{ code: DE, currency: EUR }, { code: US, currency: USD }]
tables:
  customers:
    rows: { count: 50 }
    columns:
      customer_id: { type: integer, primary_key: true, sequence: {} }
      customer_segment: { type: text, choice: { SMB: 60, Enterprise: 40 } }
      popularity: { type: real, lognormal: { median: 10, sigma: 1 } }
  t:
    rows: { per_parent: { parent: customers, count: { integer: { min: 1, max: 3 } } } }
    columns:
      customer_id: { type: integer, from: parent.customer_id }
      signup_date: { type: date, date_between: { from: 2024-01-01, to: 2024-12-31 } }
      first_name: { type: text, faker: person.firstName }
      last_name: { type: text, faker: person.lastName }
      country_code: { type: text, choice: { values: [DE, US] } }
      quantity: { type: integer, integer: { min: 1, max: 5 } }
      unit_price: { type: real, uniform: { min: 1, max: 100 } }
      example: ${JSON.stringify(example)}
`;

describe('generator examples', () => {
  const generators = [...loadPlugins().generators.values()];

  test('the registry finds one generator per file of plugins/generators', () => {
    const files = readdirSync(join(__dirname, '..', '..', 'plugins', 'generators')).filter((f) => f.endsWith('.ts'));
    expect(generators.map((g) => `${g.name}.ts`).sort()).toEqual(files.sort());
  });

  test.each(generators.map((g) => [g.name, g] as const))('%s: example runs and fills the column', async (_name, generator) => {
    const run = await runSpec(harness(generator.example));
    const values = run.rows('t').map((r) => r.example);
    run.close();
    expect(values.length).toBeGreaterThan(50);
    expect(values.some((v) => v !== null)).toBe(true);
  });

  test.each(generators.map((g) => [g.name, g] as const))('%s: options schema documents every property', (_name, generator) => {
    const forms = (generator.options.anyOf as Record<string, unknown>[] | undefined) ?? [generator.options];
    for (const form of forms) {
      for (const [property, schema] of Object.entries((form.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        expect([property, typeof schema.description]).toEqual([property, 'string']);
        expect([property, Array.isArray(schema.examples) || 'examples' in (schema.$ref ? {} : schema) || schema.enum !== undefined]).toEqual([property, true]);
      }
      if (form.properties) expect(form.additionalProperties).toBe(false);
    }
    expect(generator.summary.length).toBeGreaterThan(10);
    if (generator.shorthand) expect(Object.keys((forms[0].properties ?? {}) as object)).toContain(generator.shorthand);
  });
});
