import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, ROOT } from '../helpers/cli';

describe('README', () => {
  it('embeds the current Mermaid graph of specs/v15.yaml', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const embedded = /<!-- graph:specs\/v15.yaml -->\n```mermaid\n([\s\S]*?)\n```\n<!-- \/graph -->/.exec(readme);
    expect(embedded).not.toBeNull();
    const graph = cli(['graph', 'specs/v15.yaml']);
    expect(graph.status).toBe(0);
    // When this fails, paste the output of `npx hopify-engine graph specs/v15.yaml` into README.md.
    expect(embedded![1]).toBe(graph.stdout.trim());
  });
});
