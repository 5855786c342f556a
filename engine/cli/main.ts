import { Command, InvalidArgumentError, Option } from 'commander';
import { UserError } from '../errors/problem';
import { renderGraph } from '../graph/render';
import { compileSpecFile, type RunSpecOptions } from '../index';
import { runCompiled } from '../run/runCompiled';
import { resolveTarget } from '../targets/resolveTarget';
import { formatProblems } from './printProblems';
import { createProgress } from './progress';
import { styleFor } from './style';
import { formatSummary } from './summary';

/** Exit codes: 0 ok, 1 user error (spec, input, target), 2 internal error, 130/143 interrupted. */
const EXIT_USER = 1;
const EXIT_INTERNAL = 2;

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `--as-of today` is the one place the clock is read: the CLI turns it into a fixed date. */
function asOfDate(value: string): string {
  if (value === 'today') return new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new InvalidArgumentError('expected YYYY-MM-DD or today');
  return value;
}

interface SpecFlags {
  seed?: string;
  scale?: number;
  set: string[];
  asOf?: string;
}

function specOptions(flags: SpecFlags): RunSpecOptions {
  const seed = flags.seed === undefined ? undefined : /^-?\d+$/.test(flags.seed) ? Number(flags.seed) : flags.seed;
  return { seed, scale: flags.scale, set: flags.set, asOf: flags.asOf };
}

function withSpecOptions(command: Command): Command {
  return command
    .option('--seed <seed>', 'root seed (overrides the spec)')
    .option('--scale <factor>', 'multiply every scaled row count', positiveNumber)
    .option('--set <path=value>', 'override any spec value, e.g. params.customers=500 (repeatable)', collect, [])
    .option('--as-of <date>', "the dataset's today: YYYY-MM-DD or today", asOfDate);
}

export function buildProgram(): Command {
  const program = new Command('hopify-engine')
    .description('Generate relational synthetic datasets from YAML specs, deterministically.')
    .showHelpAfterError()
    .exitOverride();

  withSpecOptions(program.command('run <spec>'))
    .description('generate the dataset into a SQLite file, a server or files')
    .option('--out <path>', 'output SQLite file (same as --target <path>)')
    .addOption(new Option('--target <where>', 'SQLite path, postgres://…, mysql://…, csv:<folder> or parquet:<folder>'))
    .option('--tables <names>', 'only these tables (comma separated) and what they depend on', (v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .addOption(new Option('--sqlite-client <client>', 'Node driver for SQLite files').choices(['better-sqlite3', 'sqlite3']).default('better-sqlite3'))
    .option('--schema <name>', 'database schema for server targets')
    .option('--max-rows <n>', 'refuse to generate more rows than this in all', positiveNumber)
    .option('--quiet', 'print nothing but errors')
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', '\nExamples:\n  $ hopify-engine run specs/examples/shop.yaml --out out/shop.db --seed 7\n  $ hopify-engine run specs/v15.yaml --scale 0.1 --set params.support_sample=2000\n  $ hopify-engine run specs/examples/shop.yaml --tables orders')
    .action(async (spec: string, flags) => {
      const compiled = compileSpecFile(spec, specOptions(flags));
      const where = flags.target ?? flags.out ?? compiled.spec.output ?? `out/${compiled.spec.name}.db`;
      const target = resolveTarget(where, { sqliteClient: flags.sqliteClient, schema: flags.schema });
      const controller = new AbortController();
      const interrupted = (signal: NodeJS.Signals) => {
        process.exitCode = signal === 'SIGINT' ? 130 : 143;
        controller.abort();
      };
      process.once('SIGINT', interrupted);
      process.once('SIGTERM', interrupted);
      const progress = flags.quiet || flags.json ? undefined : createProgress(process.stderr);
      try {
        const result = await runCompiled(compiled, target, { tables: flags.tables, signal: controller.signal, onProgress: progress?.update, maxRows: flags.maxRows });
        progress?.stop();
        if (flags.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
        else if (!flags.quiet) process.stdout.write(formatSummary(result) + '\n');
      } finally {
        progress?.stop();
        process.off('SIGINT', interrupted);
        process.off('SIGTERM', interrupted);
      }
    });

  withSpecOptions(program.command('validate <spec>'))
    .description('check a spec and list every problem with its file:line:col')
    .option('--quiet', 'print nothing when the spec is valid')
    .addHelpText('after', '\nExamples:\n  $ hopify-engine validate specs/v15.yaml')
    .action((spec: string, flags) => {
      const compiled = compileSpecFile(spec, specOptions(flags));
      if (!flags.quiet) process.stdout.write(`${spec}: valid (${compiled.order.length} tables: ${compiled.order.join(', ')})\n`);
    });

  withSpecOptions(program.command('graph <spec>'))
    .description('print the table dependency graph')
    .addOption(new Option('--format <format>', 'output format').choices(['mermaid', 'dot']).default('mermaid'))
    .addHelpText('after', '\nExamples:\n  $ hopify-engine graph specs/v15.yaml --format dot | dot -Tsvg > graph.svg')
    .action((spec: string, flags) => {
      process.stdout.write(renderGraph(compileSpecFile(spec, specOptions(flags)), flags.format) + '\n');
    });

  return program;
}

/** Runs the CLI; user errors print without a stack trace. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = exitCodeFor(err);
  }
}

function exitCodeFor(err: unknown): number {
  const code = (err as { code?: string }).code;
  if (typeof code === 'string' && code.startsWith('commander.')) {
    // commander has printed its own message (or the help) already.
    return code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help' ? 0 : EXIT_USER;
  }
  if (err instanceof UserError) {
    process.stderr.write(formatProblems(err.problems, styleFor(process.stderr)) + '\n');
    if (err.problems.some((p) => p.code === 'RUN_INTERRUPTED') && process.exitCode) return Number(process.exitCode);
    return EXIT_USER;
  }
  process.stderr.write(`internal error: ${(err as Error)?.stack ?? String(err)}\nThis is a bug in hopify-engine, not in your spec: please report it with the spec that caused it.\n`);
  return EXIT_INTERNAL;
}
