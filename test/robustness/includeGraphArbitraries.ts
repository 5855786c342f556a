import type fc from 'fast-check';
import { posix } from 'node:path';
import { stringify } from 'yaml';
import { drawn, type Draw } from './draw';
import type { FuzzCase } from './specInvariants';

/**
 * Include graph cases: a spec whose `include:` and `extends:` files form layers (up to 30
 * deep, rarely past the include depth limit), each file naming up to 4 files of the next
 * layer, often the same one several times (without deduplication, 4^depth loads), plus
 * diamonds, edges back up (cycles, self-includes), missing files, folders, paths leaving
 * the case's folder, entries that are not paths, and files that are not spec maps. Each
 * file adds one small table, so a graph that loads runs.
 */
export function includeGraphCase(): fc.Arbitrary<FuzzCase> {
  return drawn((draw) => new IncludeGraph(draw).fuzzCase());
}

const SPEC = 'spec.yaml';

class IncludeGraph {
  private readonly folders: string[] = [];
  /** The files of each layer, by path relative to the case's folder. */
  private readonly layers: string[][];

  constructor(private readonly draw: Draw) {
    const depth = draw.chance(0.03) ? draw.int(60, 70) : draw.size(30);
    this.layers = [[SPEC], ...Array.from({ length: depth }, (_, layer) => Array.from({ length: draw.int(1, 4) }, (_, i) => `${draw.chance(0.2) ? 'sub/' : ''}l${layer + 1}_${i}.yaml`))];
  }

  fuzzCase(): FuzzCase {
    const d = this.draw;
    const entries = this.layers.map((paths, layer) => paths.map((path) => this.nextLayerEntries(path, layer)));
    // Half the graphs load (each odd entry or broken file would end the load where it is found).
    const odd = d.weighted<number>([
      [5, () => 0],
      [3, () => 1],
      [2, () => d.int(2, 4)],
    ]);
    for (let i = 0; i < odd; i++) {
      const layer = d.int(0, this.layers.length - 1);
      const index = d.int(0, this.layers[layer].length - 1);
      entries[layer][index].splice(d.int(0, entries[layer][index].length), 0, this.oddEntry(this.layers[layer][index], layer));
    }
    const files: Record<string, string> = {};
    this.layers.forEach((paths, layer) => paths.forEach((path, i) => (files[path] = this.fileText(path, layer, i, entries[layer][i]))));
    const broken = this.layers.flat().slice(1);
    if (broken.length && d.chance(0.1)) files[d.one(broken)] = d.one(['', '- a list\n- not a map\n', 'include: [unclosed\n', 'just text', 'include: 3\n']);
    // Now and then the spec itself is a folder.
    if (d.chance(0.01)) {
      delete files[SPEC];
      this.folders.push(SPEC);
    }
    return { files, folders: this.folders, spec: SPEC };
  }

  /** Up to 4 files of the next layer, often the same one again (a load that does not deduplicate makes 4^depth loads). */
  private nextLayerEntries(path: string, layer: number): unknown[] {
    const d = this.draw;
    const next = this.layers[layer + 1] ?? [];
    return next.length ? Array.from({ length: d.int(1, 4) }, () => this.relative(path, d.chance(0.5) ? next[0] : d.one(next))) : [];
  }

  private fileText(path: string, layer: number, index: number, include: unknown[]): string {
    const d = this.draw;
    const next = this.layers[layer + 1] ?? [];
    const table = { rows: { count: 2 }, columns: { id: { type: 'integer', primary_key: true, sequence: {} }, layer: { type: 'integer', constant: layer } } };
    return stringify({
      ...(layer === 0 ? { name: 'fuzz-includes', seed: 1, as_of: '2025-06-30' } : {}),
      ...(include.length ? { include: d.chance(0.02) ? include[0] : include } : {}),
      ...(d.chance(0.1) && next.length ? { extends: this.relative(path, d.one(next)) } : {}),
      params: { deepest: layer },
      tables: { [`t${layer}_${index}`]: table },
    });
  }

  /** An include entry that is not the next layer: an edge up (a cycle), a skip (a diamond), or one that cannot load. */
  private oddEntry(from: string, layer: number): unknown {
    const d = this.draw;
    return d.weighted<unknown>([
      [4, () => this.relative(from, d.one(this.layers[d.int(0, layer)]))],
      [2, () => this.relative(from, from)],
      [3, () => this.relative(from, d.one(this.layers.flat()))],
      [2, () => this.relative(from, `missing_${d.int(0, 9)}.yaml`)],
      [2, () => {
        const folder = `folder_${d.int(0, 3)}${d.chance(0.5) ? '.yaml' : ''}`;
        this.folders.push(folder);
        return this.relative(from, folder);
      }],
      [1, () => d.one(['../../outside.yaml', '/etc/hostname', '/dev/null', '../examples/shop.yaml', '.', '', '..'])],
      [1, () => d.one([3, null, true, { file: 'x.yaml' }, ['nested.yaml']])],
    ]);
  }

  /** `to` as written in the file `from` (both relative to the case's folder). */
  private relative(from: string, to: string): string {
    const path = posix.relative(posix.dirname(from), to) || '.';
    return this.draw.chance(0.1) ? `./${path}` : path;
  }
}
