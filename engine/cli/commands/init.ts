import { statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { userError } from '../../errors/problem';
import { resolveLimits } from '../../limits';
import { queryInterrupted } from '../../targets/sql/queryBounds';
import { interruptSignal } from '../interrupts';
import { limitOverride, wholeNumber } from '../options';

/** Rows read per table by default: enough for stable fits, bounded on big tables. */
const DEFAULT_SAMPLE = 50_000;

const list = (value: string) => value.split(',').map((name) => name.trim()).filter(Boolean);

/** `init --from <database>`: a spec that generates a look-alike of an existing database. */
export function addInitCommand(program: Command): void {
  program
    .command('init')
    .description('write a spec that generates a look-alike of an existing database, read without writing to it')
    .requiredOption('--from <database>', 'the database to read: a SQLite file path, postgres://… or mysql://… (mariadb://…)')
    .option('--schema <name>', "the PostgreSQL schema to read (default public); for MariaDB/MySQL, a database other than the URL's")
    .option('--out <file>', 'write the spec to this file (default: print it)')
    .option('--force', 'replace the --out file if it exists')
    .option('--tables <names>', 'only these tables (comma separated); keys to tables left out become plain columns', list)
    .option('--sample <n>', `rows read per table (and parents per foreign key) to fit each column, spread over the whole table (default ${DEFAULT_SAMPLE.toLocaleString('en-US')})`, wholeNumber)
    .option('--keep-values <columns>', 'columns (column or table.column, comma separated) whose real values may be copied into the spec; otherwise only low-cardinality categories are', list)
    .option('--limit <name=value>', 'raise a bound on reading the source, e.g. query_seconds=900 (repeatable; docs/security.md lists them)', limitOverride)
    .addHelpText(
      'after',
      '\nWarnings (unsupported types, what could not be carried over) go to stderr.\n\nExamples:\n  $ hopify-engine init --from app.db --out app.yaml\n  $ hopify-engine init --from postgres://me@localhost:5432/app --schema sales --tables orders,customers --sample 10000\n  $ hopify-engine init --from mysql://me@localhost:3306/app --keep-values country',
    )
    .action(async (flags) => {
      const out: string | undefined = flags.out;
      // Refused before the source is read: profiling a big database only to be refused would waste it. An empty file holds nothing to lose.
      if (out !== undefined && (statSync(out, { throwIfNoEntry: false })?.size ?? 0) > 0 && !flags.force) {
        throw userError('TARGET_NOT_OURS', `${resolve(out)} exists: it is left as it is`, { hint: 'choose another --out, or run again with --force to replace it' });
      }
      // Loaded here, not at start-up: the profiler and the readers weigh on every other command's start.
      const [{ openSource }, { initSpec }] = await Promise.all([import('../../init/openSource'), import('../../init/initSpec')]);
      const signal = interruptSignal();
      const limits = resolveLimits(flags.limit ?? {});
      const source = await openSource(flags.from, { schema: flags.schema, tables: flags.tables, limits, signal });
      let spec: { yaml: string; warnings: string[] };
      try {
        spec = await initSpec(source, { tables: flags.tables, sample: flags.sample ?? DEFAULT_SAMPLE, keepValues: flags.keepValues ?? [] });
      } finally {
        await source.close();
      }
      // A signal that came between queries (or while SQLite, which cannot be interrupted, read) leaves no spec behind.
      if (signal.aborted) throw queryInterrupted({ limits, signal });
      for (const warning of spec.warnings) process.stderr.write(`warning: ${warning}\n`);
      if (out === undefined) {
        process.stdout.write(spec.yaml);
        return;
      }
      try {
        writeFileSync(out, spec.yaml);
      } catch (err) {
        throw userError('TARGET_WRITE_FAILED', `cannot write ${resolve(out)}: ${(err as Error).message}`, { hint: 'choose an --out in a folder you can write to' });
      }
    });
}
