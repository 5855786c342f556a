import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DriverPlugin, GeneratorPlugin, Plugin } from '../contract';

export interface PluginRegistry {
  generators: Map<string, GeneratorPlugin>;
  drivers: Map<string, DriverPlugin>;
}

const PLUGIN_ROOT = join(__dirname, '..', '..', 'plugins');

let cached: PluginRegistry | undefined;

/** Every plugin file under `plugins/generators` and `plugins/drivers`: adding a plugin is adding a file. */
export function loadPlugins(): PluginRegistry {
  if (cached) return cached;
  const registry: PluginRegistry = { generators: new Map(), drivers: new Map() };
  for (const folder of ['generators', 'drivers']) {
    const dir = join(PLUGIN_ROOT, folder);
    for (const file of readdirSync(dir).sort()) {
      if (!/\.(js|ts)$/.test(file) || file.endsWith('.d.ts')) continue;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const plugin = require(join(dir, file)).default as Plugin | undefined;
      if (!plugin || (plugin.kind !== 'generator' && plugin.kind !== 'driver')) {
        throw new Error(`plugin file ${join(dir, file)} has no default export made by defineGenerator/defineDriver`);
      }
      const map = plugin.kind === 'generator' ? registry.generators : registry.drivers;
      if (map.has(plugin.name)) throw new Error(`two plugins are named "${plugin.name}"`);
      map.set(plugin.name, plugin as never);
    }
  }
  cached = registry;
  return registry;
}
