import { cli } from '../helpers/cli';

describe('hopify-engine graph', () => {
  it('draws the table DAG of the shop as Mermaid, edges labelled by kind', () => {
    const result = cli(['graph', 'specs/examples/shop.yaml']);
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('flowchart LR');
    expect(lines).toEqual(
      expect.arrayContaining(['  customers -->|parent| orders', '  orders -->|parent| order_items', '  products -->|reference| order_items']),
    );
  });

  it('draws it as DOT', () => {
    const result = cli(['graph', 'specs/examples/shop.yaml', '--format', 'dot']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^digraph dataset \{/);
    expect(result.stdout).toContain('products -> order_items [label="reference"];');
  });

  it('names a cycle of tables', () => {
    const result = cli(['graph', 'test/fixtures/cycle.yaml']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('tables depend on each other in a cycle: a --> b --> a');
  });
});
