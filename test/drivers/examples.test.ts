import { stringify } from 'yaml';
import { loadPlugins } from '../../engine/plugins/registry';
import type { OptionsSchema } from '../../engine/contract';
import { runSpec } from '../helpers/runSpec';

const DRIVERS = ['time_series', 'each_unit', 'lifecycle', 'cross_product', 'link'];
const GENERATORS = ['chance', 'date_within', 'funnel_stage'];

/** Tables every example can lean on: the names the examples use. */
const WORLD = {
  customers: {
    rows: { count: 300 },
    columns: {
      customer_id: { type: 'integer', primary_key: true, sequence: {} },
      segment: { type: 'text', choice: { SMB: 60, Enterprise: 40 } },
      customer_segment: { type: 'text', from: 'segment' },
      plan: { type: 'text', choice: { Basic: 70, Premium: 30 } },
      signup_date: { type: 'datetime', date_between: { from: '-3 years', to: 'as_of' } },
    },
  },
  member_plan: {
    rows: { time_series: { period: 'month', periods: 12, to: '-1 month', base: 50 } },
    columns: {
      month_start: { type: 'date', from: 'period.start' },
      month_end: { type: 'date', from: 'period.end' },
      new_members: { type: 'integer', from: 'period.value' },
    },
  },
  classes: { rows: { count: 6 }, columns: { class_id: { type: 'integer', primary_key: true, sequence: {} } } },
  locations: { rows: { count: 4 }, columns: { location_id: { type: 'integer', primary_key: true, sequence: {} } } },
  payments: {
    rows: { count: 500 },
    columns: {
      payment_id: { type: 'integer', primary_key: true, sequence: {} },
      paid_at: { type: 'datetime', date_between: { from: '-1 year', to: 'as_of' } },
    },
  },
  promo_codes: {
    rows: { count: 20 },
    columns: {
      promo_id: { type: 'integer', primary_key: true, sequence: {} },
      valid_from: { type: 'date', date_between: { from: '-1 year', to: 'as_of' } },
      valid_to: { type: 'date', date_offset: { from: 'valid_from', offset: { integer: { min: 10, max: 90 } } } },
    },
  },
};

async function rowsOf(table: Record<string, unknown>): Promise<number> {
  const spec = stringify({ name: 'example', seed: 1, as_of: '2025-06-30', tables: { ...WORLD, under_test: table } });
  const run = await runSpec(spec);
  try {
    return run.result.tables.find((t) => t.name === 'under_test')!.rows;
  } finally {
    run.close();
  }
}

/** Every property of an options schema, at any depth, with its path. */
function properties(schema: OptionsSchema, path: string): [string, OptionsSchema][] {
  const own = Object.entries((schema.properties ?? {}) as Record<string, OptionsSchema>).map(([name, p]) => [`${path}.${name}`, p] as [string, OptionsSchema]);
  const nested = [
    ...own,
    ...(schema.items ? [[`${path}[]`, schema.items as OptionsSchema] as [string, OptionsSchema]] : []),
    ...(typeof schema.additionalProperties === 'object' ? [[`${path}.*`, schema.additionalProperties as OptionsSchema] as [string, OptionsSchema]] : []),
    ...((schema.anyOf ?? []) as OptionsSchema[]).map((s, i) => [`${path}|${i}`, s] as [string, OptionsSchema]),
  ];
  return [...own, ...nested.flatMap(([p, s]) => properties(s, p))];
}

describe('examples and option docs of the drivers and window generators', () => {
  const registry = loadPlugins();

  it.each(DRIVERS)('runs the example of driver %s', async (name) => {
    const plugin = registry.drivers.get(name)!;
    expect(await rowsOf({ rows: plugin.example, columns: { n: { type: 'integer', sequence: {} } } })).toBeGreaterThan(0);
  });

  it.each(GENERATORS)('runs the example of generator %s', async (name) => {
    const plugin = registry.generators.get(name)!;
    const table = {
      rows: { per_parent: { parent: 'customers', count: { constant: 2 } } },
      columns: {
        signup_date: { type: 'date', date_between: { from: '2024-01-01', to: '2024-12-31' } },
        quantity: { type: 'integer', integer: { min: 1, max: 5 } },
        x: plugin.example,
      },
    };
    expect(await rowsOf(table)).toBe(600);
  });

  it.each([...DRIVERS.map((d) => registry.drivers.get(d)!), ...GENERATORS.map((g) => registry.generators.get(g)!)].map((p) => [p.name, p] as const))(
    'documents every option of %s with a description and examples',
    (name, plugin) => {
      const undocumented = properties(plugin.options, name).filter(([, p]) => !p.description || !Array.isArray(p.examples) || p.examples.length === 0);
      expect(undocumented.map(([path]) => path)).toEqual([]);
    },
  );
});
