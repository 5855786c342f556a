import type { Command } from 'commander';
import { userError } from '../../errors/problem';
import { interruptSignal } from '../interrupts';
import { specOptions, withSpecOptions } from '../options';

/** `check <spec>`: the spec's named checks and the foreign key check against a generated database. */
export function addCheckCommand(program: Command): void {
  withSpecOptions(program.command('check <spec>'))
    .description("run the spec's checks (SQL returning violating rows) and the foreign key check; exit 1 on any violation")
    .option('--db <where>', 'the database to check: a SQLite file or a server URL (default: the spec output)')
    .option('--schema <name>', 'the schema (PostgreSQL) or database (MariaDB/MySQL) to check on a server')
    .option('--json', 'print the results as JSON')
    .addHelpText('after', '\nExamples:\n  $ hopify-engine check specs/examples/shop.yaml\n  $ hopify-engine check specs/examples/shop.yaml --db out/shop.db --json')
    .action(async (spec: string, flags) => {
      const signal = interruptSignal();
      // The engine and the database readers load when the command runs, not when the CLI starts.
      const [{ compileSpecFile }, { runChecks }, { openDatabase }, { specOutput }, { writtenTables }] = await Promise.all([
        import('../../index'),
        import('../../report/checks'),
        import('../../report/database'),
        import('../../spec/specOutput'),
        import('../../sql/specSqlPieces'),
      ]);
      // The checks' SQL is analysed for the database checked.
      const compiled = compileSpecFile(spec, { ...specOptions(flags), target: flags.db });
      const db = await openDatabase(flags.db ?? specOutput(compiled.spec, spec), { schema: flags.schema, tables: writtenTables(compiled.spec), limits: compiled.limits, signal });
      const asOf = new Date(compiled.asOf).toISOString().slice(0, 10);
      const results = await runChecks(compiled.spec, db, asOf).finally(() => db.close());
      const failed = results.filter((r) => r.violations > 0 || r.error);
      if (flags.json) process.stdout.write(JSON.stringify({ database: db.location, results }, null, 2) + '\n');
      else {
        const width = Math.max(...results.map((r) => r.name.length));
        for (const r of results) {
          const status = r.error ? `ERROR ${r.error}` : r.violations === 0 ? 'ok' : `${r.violations} violating row(s), e.g. ${JSON.stringify(r.sample[0])}`;
          process.stdout.write(`  ${r.name.padEnd(width)}  ${status}\n`);
        }
        process.stdout.write(`${results.length - failed.length} of ${results.length} checks pass on ${db.location}\n`);
      }
      if (failed.length) {
        throw userError('RUN_CONSTRAINT', `${failed.length} check(s) failed: ${failed.map((r) => r.name).join(', ')}`, { path: 'checks', hint: 'each check returns the rows that break it; fix the spec so it returns none' });
      }
    });
}
