import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Chart.js's browser bundle, read from node_modules so the report needs no
 * network. Its source-map comment is dropped: the map is not in the page.
 */
export function chartLibrarySource(): string {
  const bundle = join(dirname(require.resolve('chart.js')), 'chart.umd.min.js');
  const source = readFileSync(bundle, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  // A literal `</script` would end the element the bundle is inlined in.
  return source.replace(/<\/script/gi, '<\\/script');
}
