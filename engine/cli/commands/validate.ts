import type { Command } from 'commander';
import { specOptions, withSpecOptions } from '../options';

/** `validate <spec>`: every problem with its position, or a one-line confirmation. */
export function addValidateCommand(program: Command): void {
  withSpecOptions(program.command('validate <spec>'))
    .description('check a spec and list every problem with its file:line:col')
    .option('--quiet', 'print nothing when the spec is valid')
    .option('--target <where>', "analyse the spec's SQL for this target's dialect (postgres://…, mysql://…; default: the spec's output, else SQLite)")
    .addHelpText('after', '\nExamples:\n  $ hopify-engine validate specs/examples/shop.yaml')
    .action(async (spec: string, flags) => {
      // The engine loads when a command runs, not when the CLI starts (`--help` needs none of it).
      const { compileSpecFile } = await import('../../index');
      const compiled = compileSpecFile(spec, { ...specOptions(flags), target: flags.target });
      if (!flags.quiet) process.stdout.write(`${spec}: valid (${compiled.order.length} tables: ${compiled.order.join(', ')})\n`);
    });
}
