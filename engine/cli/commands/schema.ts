import type { Command } from 'commander';

const DEFAULT_OUT = 'schema/spec.schema.json';

/** `schema`: the JSON Schema of specs, composed from the plugins, for editors. */
export function addSchemaCommand(program: Command): void {
  program
    .command('schema')
    .description('write the JSON Schema of specs (completion, hover docs and checks as you type in an editor)')
    .option('--out <path>', 'where to write it; - prints it', DEFAULT_OUT)
    .option('--check', 'write nothing; exit 1 when the file is missing or out of date (for CI)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ hopify-engine schema                                # writes schema/spec.schema.json',
        '  $ hopify-engine schema --out - > spec.schema.json',
        '  $ hopify-engine schema --check',
        '',
        'Then start a spec with this line (path relative to the spec) for VS Code\'s YAML extension:',
        '  # yaml-language-server: $schema=../schema/spec.schema.json',
      ].join('\n'),
    )
    .action(async (flags: { out: string; check?: boolean }) => {
      // Loaded here, not with the CLI: every other command would pay for the schema's composers.
      const [{ renderEditorSchema }, { emitGenerated }, { loadPlugins }] = await Promise.all([import('../../docs/editorSchema'), import('../../docs/generatedFile'), import('../../plugins/registry')]);
      const command = `hopify-engine schema${flags.out === DEFAULT_OUT ? '' : ` --out ${flags.out}`}`;
      emitGenerated({ path: flags.out, text: renderEditorSchema(loadPlugins()), command }, flags);
    });
}
