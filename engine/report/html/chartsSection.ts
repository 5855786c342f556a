import type { ChartData } from './chartData';
import type { ChartSpec } from './chartSpecs';
import { escapeHtml } from './escapeHtml';
import { formatCount } from './numberFormat';

/** One figure per chart: heading, description and the canvas the page script draws on (a note instead when the query returned nothing). */
export function chartsSection(charts: { spec: ChartSpec; data: ChartData }[]): string {
  const figures = charts.map(({ spec, data }) => {
    const empty = data.datasets.length === 0;
    return [
      `<figure class="chart" id="chart-${escapeHtml(spec.name)}">`,
      `<h3>${escapeHtml(spec.title)}</h3>`,
      spec.description ? `<p class="about">${escapeHtml(spec.description)}</p>` : '',
      empty
        ? '<p class="empty">The query returned no rows.</p>'
        : `<div class="plot"><canvas data-chart="${escapeHtml(spec.name)}" role="img" aria-label="${escapeHtml(spec.title)}"></canvas></div>`,
      `<figcaption>${formatCount(data.rows)} ${data.rows === 1 ? 'row' : 'rows'} · ${escapeHtml(spec.type.replace('_', ' '))}</figcaption>`,
      '</figure>',
    ]
      .filter(Boolean)
      .join('\n');
  });
  return ['<section id="charts">', '<h2>Charts</h2>', `<div class="charts">${figures.join('\n')}</div>`, '</section>'].join('\n');
}
