import type { ChartData, ChartDataset } from './chartData';
import type { ChartSpec } from './chartSpecs';
import { withOpacity, type Palette } from './palette';

/** A Chart.js configuration: plain JSON, embedded in the page and handed to `new Chart(canvas, config)`. */
export type ChartConfig = Record<string, unknown>;

/** The Chart.js configuration of one chart: its kind, its data with the report's colours, its axes. */
export function chartConfig(chart: ChartSpec, data: ChartData, palette: Palette): ChartConfig {
  const bars = chart.type === 'bar' || chart.type === 'stacked_bar' || chart.type === 'histogram';
  const stacked = chart.type === 'stacked_bar' || chart.type === 'area';
  const main = data.datasets.filter((d) => !d.overlay);
  return {
    type: bars ? 'bar' : 'line',
    data: {
      labels: data.labels,
      datasets: data.datasets.map((dataset) => (dataset.overlay ? overlayDataset(dataset, palette) : mainDataset(chart, dataset, main.indexOf(dataset), palette))),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      plugins: {
        legend: { display: data.datasets.length > 1, position: 'bottom', labels: { boxWidth: 12 } },
      },
      scales: {
        x: { stacked, grid: { display: false }, ...axisTitle(chart.xTitle ?? (chart.type === 'histogram' ? chart.labels[chart.x] ?? chart.x : undefined)) },
        y: {
          stacked,
          ...(chart.yScale === 'log' ? { type: 'logarithmic' } : { beginAtZero: true }),
          ...axisTitle(chart.yTitle ?? (chart.type === 'histogram' ? 'rows' : undefined)),
        },
      },
    },
  };
}

function mainDataset(chart: ChartSpec, dataset: ChartDataset, index: number, palette: Palette): Record<string, unknown> {
  const colour = palette.colour(dataset.key);
  const common = { label: dataset.label, data: dataset.values, borderColor: colour };
  switch (chart.type) {
    case 'line':
      return { ...common, backgroundColor: colour, borderWidth: 2, pointRadius: 2, tension: 0.2, spanGaps: false };
    case 'area':
      // Each area fills down to the one below it: a stack whose top is the total.
      return { ...common, backgroundColor: withOpacity(colour, 0.45), borderWidth: 1.5, pointRadius: 0, tension: 0.2, fill: index === 0 ? 'origin' : '-1' };
    case 'histogram':
      return { ...common, backgroundColor: withOpacity(colour, 0.85), borderWidth: 0, categoryPercentage: 0.96, barPercentage: 1 };
    default:
      return { ...common, backgroundColor: withOpacity(colour, 0.85), borderWidth: 0 };
  }
}

/** A dashed line in its own stack, so a plan is drawn beside the stacked bars, not on top of them. */
function overlayDataset(dataset: ChartDataset, palette: Palette): Record<string, unknown> {
  const colour = palette.overlayColour(dataset.key);
  return { type: 'line', label: dataset.label, data: dataset.values, borderColor: colour, backgroundColor: colour, borderWidth: 2, borderDash: [6, 4], pointRadius: 0, fill: false, stack: `overlay:${dataset.key}`, order: -1 };
}

const axisTitle = (text: string | undefined) => (text ? { title: { display: true, text } } : {});
