import { join, relative } from 'node:path';
import { stringify } from 'yaml';
import type { Plugin } from '../../engine/contract';
import { EXAMPLE_TABLE, exampleSpec } from '../../engine/docs/exampleSpec';
import { staleness } from '../../engine/docs/generatedFile';
import { EXAMPLE_COLUMN, renderReference } from '../../engine/docs/referenceDocs';
import { loadPlugins } from '../../engine/plugins/registry';
import { cli, ROOT } from '../helpers/cli';
import { runSpec } from '../helpers/runSpec';

const registry = loadPlugins();
const text = renderReference(registry);
const plugins: Plugin[] = [...registry.drivers.values(), ...registry.generators.values()];

/** Runs a plugin's example in the spec the docs promise it runs in; resolves to the example table's rows. */
async function runExample(plugin: Plugin): Promise<Record<string, unknown>[]> {
  const run = await runSpec(stringify(exampleSpec(plugin)));
  try {
    return run.rows(EXAMPLE_TABLE);
  } finally {
    run.close();
  }
}

describe('reference docs (docs/reference.md)', () => {
  test('the committed file is fresh from the plugins', () => {
    expect(staleness({ path: relative(process.cwd(), join(ROOT, 'docs', 'reference.md')), text, command: 'hopify-engine docs' })).toBeUndefined();
  });

  test.each(plugins.map((p) => [`${p.kind} ${p.name}`, p] as const))('documents %s with its summary, options and example', (_label, plugin) => {
    const section = text.split(`\n### ${plugin.name}\n`)[1].split('\n### ')[0];
    expect(section).toContain(plugin.summary);
    for (const option of Object.keys((plugin.options.properties ?? {}) as object)) expect(section).toContain(`| \`${option}\``);
    expect(section).toMatch(plugin.kind === 'driver' ? /```yaml\nrows:/ : new RegExp('```yaml\\ncolumns:\\n  ' + EXAMPLE_COLUMN + ':'));
  });

  test.each(plugins.map((p) => [`${p.kind} ${p.name}`, p] as const))('the example of %s runs', async (_label, plugin) => {
    const rows = await runExample(plugin);
    expect(rows.length).toBeGreaterThan(0);
    if (plugin.kind === 'generator') expect(rows.some((row) => row[EXAMPLE_COLUMN] !== null)).toBe(true);
  });

  test('an example runs with what its plugin declares in exampleSpec', async () => {
    const lookup = registry.generators.get('lookup')!;
    const planets: Plugin = {
      ...lookup,
      example: { type: 'integer', lookup: { data: 'planets', key: 'name', on: 'planet', value: 'moons' } },
      exampleSpec: {
        data: { planets: { rows: [{ name: 'Earth', moons: 1 }, { name: 'Mars', moons: 2 }] } },
        columns: { planet: { type: 'text', choice: { values: ['Earth', 'Mars'] } } },
      },
    };
    const rows = await runExample(planets);
    expect(rows.length).toBe(100);
    for (const row of rows) expect(row.example).toBe(row.planet === 'Earth' ? 1 : 2);
  });

  test('hopify-engine docs prints the same text with --out -', () => {
    const result = cli(['docs', '--out', '-']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(text);
  });
});
