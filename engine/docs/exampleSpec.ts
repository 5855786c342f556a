import type { ExampleScaffold, Plugin } from '../contract';
import { EXAMPLE_COLUMN } from './referenceDocs';

/** Table that holds the example under test. */
export const EXAMPLE_TABLE = 'examples';

/**
 * What plugin examples may name without declaring it: the spec that runs an example gets
 * the data sets, tables and sibling columns whose names the example mentions (and what
 * those mention in turn). A plugin whose example needs anything else declares `exampleSpec`.
 */
const EXAMPLE_WORLD: Required<ExampleScaffold> = {
  data: {
    countries: { rows: [{ code: 'DE', currency: 'EUR' }, { code: 'US', currency: 'USD' }] },
  },
  tables: {
    customers: {
      rows: { count: 100 },
      columns: {
        customer_id: { type: 'integer', primary_key: true, sequence: {} },
        segment: { type: 'text', choice: { SMB: 60, Enterprise: 40 } },
        customer_segment: { type: 'text', from: 'segment' },
        plan: { type: 'text', choice: { Basic: 70, Premium: 30 } },
        popularity: { type: 'real', lognormal: { median: 10, sigma: 1 } },
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
      rows: { count: 200 },
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
  },
  columns: {
    signup_date: { type: 'date', date_between: { from: '2024-01-01', to: '2024-12-31' } },
    first_name: { type: 'text', faker: 'person.firstName' },
    last_name: { type: 'text', faker: 'person.lastName' },
    country_code: { type: 'text', choice: { values: ['DE', 'US'] } },
    quantity: { type: 'integer', integer: { min: 1, max: 5 } },
    unit_price: { type: 'real', uniform: { min: 1, max: 100 } },
  },
};

/**
 * A complete spec running a plugin's documented example: a generator's example as column
 * `example` of table `examples` (one row per `customers` row when it reads `parent.*`), a
 * driver's as that table's `rows:`, with what the example mentions from the example world
 * and everything its `exampleSpec` declares.
 */
export function exampleSpec(plugin: Plugin): Record<string, unknown> {
  const own = plugin.exampleSpec ?? {};
  const pool = {
    data: { ...EXAMPLE_WORLD.data, ...own.data },
    tables: { ...EXAMPLE_WORLD.tables, ...own.tables },
    // A driver makes rows before any column exists: its example never reads a sibling column.
    columns: { ...(plugin.kind === 'generator' ? EXAMPLE_WORLD.columns : {}), ...own.columns },
  };
  const readsParent = plugin.kind === 'generator' && mentions(plugin.example).has('parent');
  const wanted = new Set([...mentions(plugin.example), ...mentions(own), ...Object.keys(own.data ?? {}), ...Object.keys(own.tables ?? {}), ...Object.keys(own.columns ?? {})]);
  if (readsParent) wanted.add('customers');
  // What a chosen table, data set or column mentions is wanted too, until nothing new is.
  for (let size = -1; size !== wanted.size; ) {
    size = wanted.size;
    for (const name of [...wanted]) for (const kind of ['data', 'tables', 'columns'] as const) if (name in pool[kind]) for (const m of mentions(pool[kind][name])) wanted.add(m);
  }
  const chosen = <T>(entries: Record<string, T>) => Object.fromEntries(Object.entries(entries).filter(([name]) => wanted.has(name)));
  const data = chosen(pool.data);
  const examples =
    plugin.kind === 'generator'
      ? { rows: readsParent ? { per_parent: { parent: 'customers', count: { constant: 2 } } } : { count: 100 }, columns: { ...chosen(pool.columns), [EXAMPLE_COLUMN]: plugin.example } }
      : { rows: plugin.example, columns: { ...chosen(pool.columns), n: { type: 'integer', sequence: {} } } };
  return {
    name: `${plugin.name}_example`,
    seed: 1,
    as_of: '2025-06-30',
    ...(Object.keys(data).length ? { data } : {}),
    tables: { ...chosen(pool.tables), [EXAMPLE_TABLE]: examples },
  };
}

/** Every identifier inside the strings of a value: the names it may refer to. */
function mentions(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === 'string') for (const name of value.match(/[A-Za-z_]\w*/g) ?? []) found.add(name);
  else if (Array.isArray(value)) for (const item of value) mentions(item, found);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) mentions(item, found);
  return found;
}
