import { Option, type Command } from 'commander';
import type { ReportContent } from '../../report/html/gatherReport';
import { formatCount } from '../../report/html/numberFormat';
import type { KpiReport } from '../../report/kpis';
import { interruptSignal } from '../interrupts';
import { specOptions, withSpecOptions } from '../options';

/** `report <spec>`: every KPI target of the spec's database with its actual value and the difference. */
export function addReportCommand(program: Command): void {
  withSpecOptions(program.command('report <spec>'))
    .description("compare the spec's KPIs (kpis:) in its generated database with their targets")
    .option('--db <where>', "the generated database: a SQLite file (or a server URL); default: the spec's output, then out/<name>.db")
    .option('--schema <name>', 'the schema (PostgreSQL) or database (MariaDB/MySQL) to read on a server')
    .option('--json', 'print the report as JSON')
    .addOption(new Option('--html <file>', 'write one self-contained HTML page instead: KPIs vs targets by segment, the charts of charts:, rows per table').conflicts('json'))
    .option('--force', 'replace the --html file even if it is not a report hopify-engine wrote')
    .addHelpText(
      'after',
      [
        '',
        'Reads the database read-only; generate it first with `run` (same --as-of and --set). Exits 1 when a',
        'target has no metric or no value, or when a KPI query fails.',
        '',
        'Examples:',
        '  $ hopify-engine run specs/examples/guide/step-7.yaml --out out/library.db',
        '  $ hopify-engine report specs/examples/guide/step-7.yaml --db out/library.db',
        '  $ hopify-engine report specs/examples/guide/step-7.yaml --db out/library.db --json',
        '  $ hopify-engine run specs/examples/shop.yaml --out out/shop.db',
        '  $ hopify-engine report specs/examples/shop.yaml --db out/shop.db --html out/shop-report.html',
        '',
        'The HTML page needs no network (Chart.js is inlined) and is written whole or not at all.',
      ].join('\n'),
    )
    .action(async (spec: string, flags) => {
      const options = { ...specOptions(flags), signal: interruptSignal() };
      // The engine and the page's renderers (Chart.js inlined) load when the command runs, not when the CLI starts.
      const [{ formatKpiTable, shortPath }, { kpisCovered, reportKpis }] = await Promise.all([import('../../report/kpiTable'), import('../../report/kpis')]);
      if (flags.html) {
        const { writeHtmlReport } = await import('../../report/html/htmlReport');
        const { path, content } = await writeHtmlReport(spec, flags.html, { ...options, db: flags.db, schema: flags.schema }, flags.force === true);
        process.stdout.write(`wrote ${shortPath(path)}: ${htmlSummary(content)}\n`);
        if (content.kpis && !kpisCovered(content.kpis)) {
          process.stderr.write(uncovered(content.kpis) + '\n');
          process.exitCode = 1;
        }
        return;
      }
      const report = await reportKpis(spec, { ...options, db: flags.db, schema: flags.schema });
      process.stdout.write((flags.json ? JSON.stringify(report, null, 2) : formatKpiTable(report)) + '\n');
      if (!kpisCovered(report)) {
        process.stderr.write(uncovered(report) + '\n');
        process.exitCode = 1;
      }
    });
}

/** Why the report fails: each target without a metric or without a value. */
function uncovered(report: KpiReport): string {
  const lines = report.rows
    .filter((row) => row.status === 'no metric' || row.status === 'no value')
    .map((row) => `  "${row.metric}"${row.segment !== null ? ` (${row.segment})` : ''}: ${row.note ?? row.status}`);
  return `error: ${lines.length} KPI ${lines.length === 1 ? 'target is' : 'targets are'} not measured:\n${lines.join('\n')}`;
}

/** What the HTML page holds, in one line. */
function htmlSummary(content: ReportContent): string {
  const rows = content.tables.reduce((sum, t) => sum + t.rows, 0);
  return [
    content.kpis && `${content.kpis.summary.targets} KPI targets`,
    `${content.charts.length} ${content.charts.length === 1 ? 'chart' : 'charts'}`,
    `${content.tables.length} tables (${formatCount(rows)} rows)`,
  ]
    .filter(Boolean)
    .join(', ');
}
