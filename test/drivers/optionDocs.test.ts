import { loadPlugins } from '../../engine/plugins/registry';
import type { OptionsSchema } from '../../engine/contract';

const DRIVERS = ['time_series', 'each_unit', 'lifecycle', 'cross_product', 'link'];
const GENERATORS = ['chance', 'date_within', 'funnel_stage'];

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

describe('option docs of the drivers and window generators', () => {
  const registry = loadPlugins();

  // Every plugin's example runs in test/tools/reference.test.ts.
  it.each([...DRIVERS.map((d) => registry.drivers.get(d)!), ...GENERATORS.map((g) => registry.generators.get(g)!)].map((p) => [p.name, p] as const))(
    'documents every option of %s with a description and examples',
    (name, plugin) => {
      const undocumented = properties(plugin.options, name).filter(([, p]) => !p.description || !Array.isArray(p.examples) || p.examples.length === 0);
      expect(undocumented.map(([path]) => path)).toEqual([]);
    },
  );
});
