import type { Command } from 'commander';

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
    .action(async (flags: { out: string; check?: boolean }) => {
      // Loaded here, not with the CLI: every other command would pay for the reference's renderers.
      const [{ emitGenerated }, { renderReference }, { loadPlugins }] = await Promise.all([import('../../docs/generatedFile'), import('../../docs/referenceDocs'), import('../../plugins/registry')]);
      const command = `hopify-engine docs${flags.out === DEFAULT_OUT ? '' : ` --out ${flags.out}`}`;
      emitGenerated({ path: flags.out, text: renderReference(loadPlugins()), command }, flags);
    });
}
