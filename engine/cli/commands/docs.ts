import type { Command } from 'commander';
import { emitGenerated } from '../../docs/generatedFile';
import { renderReference } from '../../docs/referenceDocs';
import { loadPlugins } from '../../plugins/registry';

const DEFAULT_OUT = 'docs/reference.md';

/** `docs`: the reference of every spec key, driver and generator, from the plugins' option schemas. */
export function addDocsCommand(program: Command): void {
  program
    .command('docs')
    .description('write the reference docs: spec keys, every driver and generator with options and an example')
    .option('--out <path>', 'where to write it; - prints it', DEFAULT_OUT)
    .option('--check', 'write nothing; exit 1 when the file is missing or out of date (for CI)')
    .addHelpText(
      'after',
      ['', 'Examples:', '  $ hopify-engine docs                     # writes docs/reference.md', '  $ hopify-engine docs --out - | less', '  $ hopify-engine docs --check'].join('\n'),
    )
    .action((flags: { out: string; check?: boolean }) => {
      const command = `hopify-engine docs${flags.out === DEFAULT_OUT ? '' : ` --out ${flags.out}`}`;
      emitGenerated({ path: flags.out, text: renderReference(loadPlugins()), command }, flags);
    });
}
