import { UserError, type Problem } from '../../errors/problem';
import type { LoadedSpec } from '../../spec/load';
import { problemAt } from '../kpis';
import type { ChartData, ChartDataset } from './chartData';
import { labelOf, number } from './chartValues';
import type { ChartSpec } from './chartSpecs';

/** More bins than this is a bin width far too small for the data: refused rather than drawn as a blur. */
const MAX_BINS = 500;

const edge = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** Counts the x values of the rows in equal bins, one dataset per series. */
export function histogram(loaded: LoadedSpec, chart: ChartSpec, rows: Record<string, unknown>[]): ChartData {
  const problems: Problem[] = [];
  const values = rows.map((row, index) => number(loaded, chart, chart.x, row[chart.x], index, problems));
  if (problems.length) throw new UserError(problems.slice(0, 1));
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return { labels: [], datasets: [], rows: rows.length };

  let min = Infinity;
  let max = -Infinity;
  for (const v of present) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const { start, width, count } = binsOf(chart, min, max);
  if (count > MAX_BINS) {
    throw new UserError([
      problemAt(loaded, 'SPEC_BAD_OPTION', ['charts', chart.name, 'bin_width'], `chart "${chart.name}": a bin width of ${chart.binWidth} makes ${count} bins from ${min} to ${max}`, `at most ${MAX_BINS} bins: make bin_width at least ${(max - start) / MAX_BINS}`),
    ]);
  }
  const labels = Array.from({ length: count }, (_, i) => `${edge.format(start + i * width)}–${edge.format(start + (i + 1) * width)}`);

  const datasets = new Map<string, ChartDataset>();
  rows.forEach((row, index) => {
    const value = values[index];
    if (value === null) return;
    const series = chart.series === undefined ? labelOf(chart, chart.x) : row[chart.series] === null ? '(none)' : String(row[chart.series]);
    let dataset = datasets.get(series);
    if (!dataset) datasets.set(series, (dataset = { label: series, key: series, values: labels.map(() => 0), overlay: false }));
    // The largest value closes the last bin instead of opening one of its own.
    const bin = Math.min(count - 1, Math.floor((value - start) / width));
    dataset.values[bin]! += 1;
  });
  return { labels, datasets: [...datasets.values()], rows: rows.length };
}

/** `bin_width` bins from a multiple of the width at or below the minimum; else `bins` bins from minimum to maximum. */
function binsOf(chart: ChartSpec, min: number, max: number): { start: number; width: number; count: number } {
  if (chart.binWidth !== undefined) {
    const start = Math.floor(min / chart.binWidth) * chart.binWidth;
    return { start, width: chart.binWidth, count: Math.max(1, Math.ceil((max - start) / chart.binWidth)) };
  }
  // All values equal: one bin of width 1 around them.
  if (max === min) return { start: min, width: 1, count: 1 };
  return { start: min, width: (max - min) / chart.bins, count: chart.bins };
}
