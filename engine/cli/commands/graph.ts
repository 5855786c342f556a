import { Option, type Command } from 'commander';
import { specOptions, withSpecOptions } from '../options';

/** `graph <spec>`: the table DAG as Mermaid or DOT. */
export function addGraphCommand(program: Command): void {
  withSpecOptions(program.command('graph <spec>'))
    .description('print the table dependency graph')
    .addOption(new Option('--format <format>', 'output format').choices(['mermaid', 'dot']).default('mermaid'))
    .addHelpText('after', '\nExamples:\n  $ hopify-engine graph specs/examples/shop.yaml --format dot | dot -Tsvg > graph.svg')
    .action(async (spec: string, flags) => {
      // The engine loads when a command runs, not when the CLI starts (`--help` needs none of it).
      const [{ renderGraph }, { compileSpecFile }] = await Promise.all([import('../../graph/render'), import('../../index')]);
      process.stdout.write(renderGraph(compileSpecFile(spec, specOptions(flags)), flags.format) + '\n');
    });
}
