import { Option, type Command } from 'commander';
import { DEFAULT_MAX_ROWS } from '../../limits';
import { positiveNumber, specOptions, wholeNumber, withSpecOptions } from '../options';
import { interruptSignal } from '../interrupts';

/** `run <spec>`: generate into a target, with progress and a summary; SIGINT/SIGTERM abort cleanly. */
export function addRunCommand(program: Command): void {
  withSpecOptions(program.command('run <spec>'))
    .description('generate the dataset into a SQLite file, a server or files')
    .option('--out <path>', 'output SQLite file (same as --target <path>)')
    .addOption(new Option('--target <where>', 'SQLite path, postgres://…, mysql://…, csv:<folder> or parquet:<folder>'))
    .option('--tables <names>', 'only these tables (comma separated) and what they depend on', (v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .addOption(new Option('--sqlite-client <client>', 'Node driver for SQLite files').choices(['better-sqlite3', 'sqlite3']).default('better-sqlite3'))
    .option('--schema <name>', 'database schema for server targets')
    .option('--force', 'replace an existing output file or folder that hopify-engine did not write')
    .option('--create', "create a server target's database (MariaDB/MySQL) or schema (PostgreSQL) when it does not exist")
    .option('--max-rows <n>', `refuse a run that would make more rows than this in all, counted before generating (default ${DEFAULT_MAX_ROWS.toLocaleString('en-US')})`, positiveNumber)
    .option('--shard <k/N>', 'generate only shard k of N (0 ≤ k < N) as <table>/part-0000k files of a csv: or parquet: folder; the N parts together are the whole run')
    .option('--workers <n>', 'generate in n worker threads (at most workers_per_core, default 4, per core), each writing its own part of every table of a csv: or parquet: folder (with --shard, n parts of that shard); not into databases, where it was slower (docs/scale-out.md)', wholeNumber)
    .option('--quiet', 'print nothing but errors')
    .option('--json', 'print the summary as JSON')
    .option('--progress', 'print progress as plain lines even when stderr is not a terminal (CI logs)')
    .addHelpText('after', '\nExamples:\n  $ hopify-engine run specs/examples/shop.yaml --out out/shop.db --seed 7\n  $ hopify-engine run specs/examples/shop.yaml --scale 10 --set params.products=500\n  $ hopify-engine run specs/examples/shop.yaml --tables orders')
    .action(async (spec: string, flags) => {
      const signal = interruptSignal();
      // The engine loads when the command runs, not when the CLI starts.
      const { compileSpec, loadSpec, confinedSpecOutput, runCompiled, runInWorkers, resolveTarget, parseShard, planShares, createProgress, progressPlan, formatSummary } = await import('./runParts');
      const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
      const loaded = loadSpec(spec, specOptions(flags));
      // Spec SQL is analysed for the target's dialect.
      const compiled = compileSpec(loaded, { ...specOptions(flags), target: flags.target ?? flags.out });
      const workers: number | undefined = flags.workers;
      // Refused here, at the spec's lines, before a target is touched; the run plans the same shares again.
      if (shard || workers) planShares(compiled, shard ?? { index: 0, count: workers! }, loaded.positions);
      const where = flags.target ?? flags.out ?? confinedSpecOutput(loaded, specOptions(flags));
      const targetOptions = { sqliteClient: flags.sqliteClient, schema: flags.schema, force: flags.force === true, create: flags.create === true };
      const target = resolveTarget(where, { ...targetOptions, part: shard?.index });
      const progress = flags.quiet || flags.json || workers ? undefined : createProgress(process.stderr, progressPlan(compiled, flags.tables, flags.maxRows ?? DEFAULT_MAX_ROWS), flags.progress === true);
      try {
        const runOptions = { tables: flags.tables, signal, maxRows: flags.maxRows, shard };
        const result = workers
          ? await runInWorkers(spec, where, workers, { ...specOptions(flags), ...runOptions, force: targetOptions.force })
          : await runCompiled(compiled, target, { ...runOptions, onProgress: progress?.update });
        progress?.stop();
        if (flags.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
        else if (!flags.quiet) process.stdout.write(formatSummary(result) + '\n');
      } finally {
        progress?.stop();
      }
    });
}
