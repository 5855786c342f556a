import { InvalidArgumentError, Option, type Command } from 'commander';
import { interruptSignal } from '../interrupts';
import { specOptions, wholeNumber, withSpecOptions } from '../options';
import type { PreviewFormat } from '../preview/formatRows';

/** Lines are cut to this width when stdout is not a terminal (a file, a pipe). */
const PIPE_WIDTH = 120;
/** A preview holds its rows in memory: more is an export, for `run --target csv:`. */
const MAX_ROWS = 10_000;

function previewRowCount(value: string): number {
  const n = wholeNumber(value);
  if (n > MAX_ROWS) throw new InvalidArgumentError(`at most ${MAX_ROWS.toLocaleString('en-US')}: for more rows, run --target csv:<folder>`);
  return n;
}

/** `preview <spec>`: the first rows of one table, generated in memory with only what it needs; writes no file. */
export function addPreviewCommand(program: Command): void {
  withSpecOptions(program.command('preview <spec>'))
    .description('print the first rows of one table, generated in memory at a small scale (writes nothing)')
    .option('--table <name>', 'the table to preview (needed when the spec has more than one)')
    .option('--rows <n>', `how many rows to print (at most ${MAX_ROWS.toLocaleString('en-US')})`, previewRowCount, 10)
    .addOption(new Option('--format <format>', 'aligned text, or csv / json for scripts').choices(['table', 'csv', 'json']).default('table'))
    .addHelpText('after', '\nExamples:\n  $ hopify-engine preview specs/examples/shop.yaml --table orders\n  $ hopify-engine preview specs/examples/shop.yaml --table customers --rows 5 --format csv')
    .action(async (spec: string, flags) => {
      const options = specOptions(flags);
      // The engine loads when the command runs, not when the CLI starts.
      const [{ loadSpec }, { previewRows }, { formatRows }] = await Promise.all([import('../../spec/load'), import('../preview/previewRows'), import('../preview/formatRows')]);
      const loaded = loadSpec(spec, options);
      const preview = await previewRows(loaded, flags.table, flags.rows, { ...options, signal: interruptSignal() });
      // A terminal that reports no size (0) is read as a pipe.
      const width = (process.stdout.isTTY && process.stdout.columns) || PIPE_WIDTH;
      process.stdout.write(formatRows(preview.columns, preview.rows, flags.format as PreviewFormat, width));
    });
}
