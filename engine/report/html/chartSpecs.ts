import { UserError, type Problem } from '../../errors/problem';
import type { LoadedSpec } from '../../spec/load';
import type { CHART_TYPES } from '../../spec/chartsSchema';
import type { SqlDialect } from '../../sql/sqlDialect';
import { chartSqlPieces, writtenTables } from '../../sql/specSqlPieces';
import { specSqlProblems } from '../../sql/specSqlProblem';
import { problemAt } from '../kpis';

export type ChartType = (typeof CHART_TYPES)[number];

/** One chart of the spec's `charts:` section (see engine/spec/chartsSchema.ts), with lists normalised. */
export interface ChartSpec {
  name: string;
  title: string;
  description?: string;
  type: ChartType;
  sql: string;
  x: string;
  y: string[];
  series?: string;
  overlay: string[];
  labels: Record<string, string>;
  xTitle?: string;
  yTitle?: string;
  yScale: 'linear' | 'log';
  bins: number;
  binWidth?: number;
}

interface ChartEntry {
  title?: string;
  description?: string;
  type: ChartType;
  sql: string;
  x: string;
  y?: string | string[];
  series?: string;
  overlay?: string | string[];
  labels?: Record<string, string>;
  x_title?: string;
  y_title?: string;
  y_scale?: 'linear' | 'log';
  bins?: number;
  bin_width?: number;
}

const DEFAULT_BINS = 20;

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** The spec's charts (schema-valid), their SQL analysed for `dialect`, checked for the columns each type needs; throws UserError listing every problem. */
export function chartsOf(loaded: LoadedSpec, dialect: SqlDialect): ChartSpec[] {
  const entries = Object.entries((loaded.spec.charts ?? {}) as Record<string, ChartEntry>);
  const problems: Problem[] = specSqlProblems(loaded, chartSqlPieces(loaded.spec), dialect, writtenTables(loaded.spec));
  const charts = entries.map(([name, chart]) => {
    const y = list(chart.y);
    if (chart.type === 'histogram') {
      for (const key of ['y', 'overlay'] as const) {
        if (chart[key] !== undefined) {
          problems.push(problemAt(loaded, 'SPEC_BAD_OPTION', ['charts', name, key], `a histogram counts the rows of each bin of x: it takes no "${key}"`, `remove "${key}"; put the values to count in the x column`));
        }
      }
    } else {
      if (y.length === 0) problems.push(problemAt(loaded, 'SPEC_BAD_OPTION', ['charts', name], `chart "${name}" has no y column`, 'name the column of values: y: <column> (a histogram counts x values instead)'));
      for (const key of ['bins', 'bin_width'] as const) {
        if (chart[key] !== undefined) problems.push(problemAt(loaded, 'SPEC_BAD_OPTION', ['charts', name, key], `"${key}" is for histograms; chart "${name}" is a ${chart.type}`, `remove "${key}", or make the chart type: histogram`));
      }
    }
    if (chart.series !== undefined && y.length > 1) {
      problems.push(problemAt(loaded, 'SPEC_BAD_OPTION', ['charts', name, 'y'], `chart "${name}" splits rows by "${chart.series}" and has ${y.length} y columns`, 'with series: give one y column; or drop series and list the columns'));
    }
    return {
      name,
      title: chart.title ?? name,
      ...(chart.description !== undefined ? { description: chart.description.trim() } : {}),
      type: chart.type,
      sql: chart.sql,
      x: chart.x,
      y,
      ...(chart.series !== undefined ? { series: chart.series } : {}),
      overlay: list(chart.overlay),
      labels: chart.labels ?? {},
      ...(chart.x_title !== undefined ? { xTitle: chart.x_title } : {}),
      ...(chart.y_title !== undefined ? { yTitle: chart.y_title } : {}),
      yScale: chart.y_scale ?? 'linear',
      bins: chart.bins ?? DEFAULT_BINS,
      ...(chart.bin_width !== undefined ? { binWidth: chart.bin_width } : {}),
    };
  });
  if (problems.length) throw new UserError(problems);
  return charts;
}
