import type { CompiledSpec } from '../compile/compileSpec';

/** The table DAG as the runner uses it, edges labelled by kind, as Mermaid or DOT. */
export function renderGraph(compiled: CompiledSpec, format: 'mermaid' | 'dot'): string {
  const edges = compiled.order.flatMap((name) => [...compiled.tables.get(name)!.edges].map(([from, kind]) => ({ from, to: name, kind })));
  const id = (name: string) => name.replace(/[^A-Za-z0-9_]/g, '_');
  if (format === 'dot') {
    return [
      'digraph dataset {',
      '  rankdir=LR;',
      '  node [shape=box];',
      ...compiled.order.map((name) => `  ${id(name)} [label="${name}"${compiled.tables.get(name)!.written ? '' : ', style=dashed'}];`),
      ...edges.map((e) => `  ${id(e.from)} -> ${id(e.to)} [label="${e.kind}"];`),
      '}',
    ].join('\n');
  }
  return ['flowchart LR', ...compiled.order.map((name) => `  ${id(name)}[${name}]`), ...edges.map((e) => `  ${id(e.from)} -->|${e.kind}| ${id(e.to)}`)].join('\n');
}
