import { UserError, type Problem } from '../../errors/problem';
import type { LoadedSpec } from '../../spec/load';
import { suggestName } from '../../spec/suggest';
import type { DatabaseReader } from '../database';
import { problemAt } from '../kpis';
import type { ChartSpec } from './chartSpecs';
import { labelOf, number } from './chartValues';
import { histogram } from './histogram';

/** One line or bar set: `key` (a series value or a column) picks its colour, the same in every chart. */
export interface ChartDataset {
  label: string;
  key: string;
  values: (number | null)[];
  /** Drawn as a line over the others (a plan, a target). */
  overlay: boolean;
}

/** What a chart draws: the x labels and one value per label in each dataset. */
export interface ChartData {
  labels: string[];
  datasets: ChartDataset[];
  /** Rows the query returned. */
  rows: number;
}

/** Shown for a NULL x or series value. */
const NONE = '(none)';

/** Runs a chart's query and shapes its rows; a failing query or a missing column is a UserError at the chart. */
export async function chartData(loaded: LoadedSpec, chart: ChartSpec, reader: DatabaseReader, params: Record<string, unknown>): Promise<ChartData> {
  let rows: Record<string, unknown>[];
  try {
    rows = await reader.query(chart.sql, params);
  } catch (err) {
    if (err instanceof UserError) throw new UserError(err.problems.map((p) => problemAt(loaded, p.code, ['charts', chart.name, 'sql'], p.message, p.hint)));
    throw new UserError([
      problemAt(loaded, 'SPEC_BAD_OPTION', ['charts', chart.name, 'sql'], `chart "${chart.name}" failed: ${(err as Error).message}`, "a chart's SQL is a read-only query over the written tables; `:as_of` is the dataset's today (YYYY-MM-DD)"),
    ]);
  }
  if (rows.length) requireColumns(loaded, chart, Object.keys(rows[0]));
  if (chart.type === 'histogram') return histogram(loaded, chart, rows);

  const labels: string[] = [];
  const position = new Map<string, number>();
  for (const row of rows) {
    const x = text(row[chart.x]);
    if (!position.has(x)) position.set(x, labels.push(x) - 1);
  }
  const datasets = new Map<string, ChartDataset>();
  const dataset = (id: string, label: string, key: string, overlay: boolean): ChartDataset => {
    let found = datasets.get(id);
    if (!found) datasets.set(id, (found = { label, key, values: labels.map(() => null), overlay }));
    return found;
  };
  const problems: Problem[] = [];
  rows.forEach((row, index) => {
    const at = position.get(text(row[chart.x]))!;
    const series = chart.series === undefined ? undefined : text(row[chart.series]);
    for (const column of chart.y) {
      const target = series === undefined ? dataset(`y:${column}`, labelOf(chart, column), column, false) : dataset(`s:${series}`, series, series, false);
      target.values[at] = sum(target.values[at], number(loaded, chart, column, row[column], index, problems));
    }
    // A plan or target has one value per x: the first row of each x gives it.
    for (const column of chart.overlay) {
      const target = dataset(`o:${column}`, labelOf(chart, column), column, true);
      if (target.values[at] === null) target.values[at] = number(loaded, chart, column, row[column], index, problems);
    }
  });
  if (problems.length) throw new UserError(problems.slice(0, 1));
  // Overlays last, so they are drawn over the bars.
  const ordered = [...datasets.values()].sort((a, b) => Number(a.overlay) - Number(b.overlay));
  return { labels, datasets: ordered, rows: rows.length };
}

/** Rows with the same x and series add up (a query may return them in parts). */
const sum = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : a + b);

const text = (value: unknown): string => (value === null || value === undefined ? NONE : String(value));

function requireColumns(loaded: LoadedSpec, chart: ChartSpec, columns: string[]): void {
  const wanted: [string, string][] = [['x', chart.x], ...chart.y.map((c): [string, string] => ['y', c]), ...chart.overlay.map((c): [string, string] => ['overlay', c])];
  if (chart.series !== undefined) wanted.push(['series', chart.series]);
  const problems = wanted
    .filter(([, column]) => !columns.includes(column))
    .map(([key, column]) =>
      problemAt(loaded, 'SPEC_UNKNOWN_COLUMN', ['charts', chart.name, key], `chart "${chart.name}": its query returns no column "${column}" (it returns ${columns.join(', ')})`, suggestName(column, columns, 'column')),
    );
  if (problems.length) throw new UserError(problems);
}
