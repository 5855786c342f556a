/**
 * The determinism golden: table hashes of specs/examples/shop.yaml at its own seed, with the
 * versions of the plugins it uses. Seeded output may change only as a deliberate step:
 * bump the version of the plugin whose output changed, regenerate the golden, commit both
 * (docs/determinism.md). `UPDATE_GOLDEN=1 npx jest test/robustness/golden` regenerates it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadPlugins } from '../../engine/plugins/registry';
import { runSpec } from '../helpers/runSpec';
import { tableHashes } from '../helpers/tableHashes';

const SPEC = join(__dirname, '..', '..', 'specs', 'examples', 'shop.yaml');
const GOLDEN = join(__dirname, '..', 'fixtures', 'shop.golden.json');

interface Golden {
  spec: string;
  seed: number;
  /** Version of every generator and driver the spec names. */
  plugins: Record<string, number>;
  tables: Record<string, string>;
}

/** The plugins a spec names (keys that are generator or driver names), with their versions. */
function pluginVersions(spec: unknown): Record<string, number> {
  const { generators, drivers } = loadPlugins();
  const versions: Record<string, number> = {};
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        const plugin = generators.get(key) ?? drivers.get(key);
        if (plugin) versions[`${plugin.kind} ${plugin.name}`] = plugin.version;
        walk(value);
      }
    }
  };
  walk(spec);
  return Object.fromEntries(Object.entries(versions).sort());
}

describe('determinism golden', () => {
  it('shop.yaml gives the recorded tables at its seed, and only a version bump may change them', async () => {
    const text = readFileSync(SPEC, 'utf8');
    const run = await runSpec(text);
    let actual: Golden;
    try {
      actual = { spec: 'specs/examples/shop.yaml', seed: parse(text).seed, plugins: pluginVersions(parse(text)), tables: tableHashes(run.db) };
    } finally {
      run.close();
    }
    if (process.env.UPDATE_GOLDEN === '1') {
      writeFileSync(GOLDEN, JSON.stringify(actual, null, 2) + '\n');
      return;
    }
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Golden;
    if (JSON.stringify(actual.tables) !== JSON.stringify(golden.tables) && JSON.stringify(actual.plugins) === JSON.stringify(golden.plugins)) {
      throw new Error(
        'the seeded output of shop.yaml changed, but no plugin it uses changed its version.\n' +
          'If the change is deliberate, bump the `version` of the plugin whose output changed, then regenerate the golden:\n' +
          '  UPDATE_GOLDEN=1 npx jest test/robustness/golden\n' +
          'and commit both (docs/determinism.md). Otherwise the change is an accident: find it.',
      );
    }
    expect({ plugins: actual.plugins, tables: actual.tables }).toEqual({ plugins: golden.plugins, tables: golden.tables });
  });
});
