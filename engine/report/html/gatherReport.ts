import { UserError, type Problem } from '../../errors/problem';
import { loadPlugins } from '../../plugins/registry';
import { loadSpec } from '../../spec/load';
import { validateAgainstSchema } from '../../spec/validateSchema';
import { kpisOf, measureKpis, openReportDatabase, reportAsOf, reportSqlDialect, type KpiReport, type KpiReportOptions, type KpisSpec } from '../kpis';
import { chartData, type ChartData } from './chartData';
import { chartsOf, type ChartSpec } from './chartSpecs';
import { rowCounts, type TableCount } from './rowCounts';

/** Everything the HTML report shows, read from the spec and its database. */
export interface ReportContent {
  name: string;
  description?: string;
  spec: string;
  database: string;
  asOf: string;
  /** Absent when the spec has no `kpis:`. */
  kpis?: KpiReport;
  tables: TableCount[];
  charts: { spec: ChartSpec; data: ChartData }[];
}

/** Loads the spec, checks its `kpis:` and `charts:` (every problem at once), and reads KPIs, row counts and chart data from its database. */
export async function gatherReport(file: string, options: KpiReportOptions = {}): Promise<ReportContent> {
  const loaded = loadSpec(file, options);
  const schemaProblems = validateAgainstSchema(loaded, loadPlugins());
  if (schemaProblems.length) throw new UserError(schemaProblems);
  const problems: Problem[] = [];
  const collect = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      problems.push(...err.problems);
      return undefined;
    }
  };
  const dialect = reportSqlDialect(loaded, options);
  const kpis: KpisSpec | undefined = loaded.spec.kpis ? collect(() => kpisOf(loaded, dialect)) : undefined;
  const charts = collect(() => chartsOf(loaded, dialect)) ?? [];
  if (problems.length) throw new UserError(problems);

  const asOf = reportAsOf(loaded, options);
  const reader = await openReportDatabase(loaded, file, options);
  try {
    const tables = await rowCounts(loaded, reader);
    const kpiReport = kpis ? await measureKpis(loaded, kpis, reader, asOf, file) : undefined;
    // Every chart's fault at once, as `validate` lists every problem.
    const drawn: ReportContent['charts'] = [];
    for (const chart of charts) {
      try {
        drawn.push({ spec: chart, data: await chartData(loaded, chart, reader, { as_of: asOf }) });
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        problems.push(...err.problems);
      }
    }
    if (problems.length) throw new UserError(problems);
    return {
      name: loaded.spec.name,
      ...(loaded.spec.description ? { description: loaded.spec.description.trim() } : {}),
      spec: file,
      database: reader.location,
      asOf,
      ...(kpiReport ? { kpis: kpiReport } : {}),
      tables,
      charts: drawn,
    };
  } finally {
    await reader.close();
  }
}
