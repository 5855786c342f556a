import { chartConfig } from './chartConfig';
import { chartsSection } from './chartsSection';
import { DRAW_CHARTS_SCRIPT } from './drawChartsScript';
import { shortPath } from '../kpiTable';
import { escapeHtml, jsonForScript } from './escapeHtml';
import type { ReportContent } from './gatherReport';
import { gapCounts, kpiSection } from './kpiSection';
import { GAP_BANDS } from './kpiGap';
import { formatCount } from './numberFormat';
import { PAGE_STYLE } from './pageStyle';
import { Palette } from './palette';
import { tablesSection } from './tablesSection';
import { HTML_REPORT_MARK } from '../../targets/ownership/notOurs';

/**
 * The whole report as one HTML page: styles, data and scripts inline (`chartLibrary`
 * is Chart.js's browser bundle), so the file opens anywhere with no network.
 * Nothing reads the clock: the same database gives the same page.
 */
export function renderReportPage(content: ReportContent, chartLibrary: string): string {
  const palette = new Palette();
  const configs = content.charts.filter(({ data }) => data.datasets.length > 0).map(({ spec, data }) => ({ name: spec.name, config: chartConfig(spec, data, palette) }));
  const sections = [
    content.kpis ? kpiSection(content.kpis) : missingSection('kpis', 'KPIs vs targets'),
    content.charts.length ? chartsSection(content.charts) : missingSection('charts', 'Charts'),
    tablesSection(content.tables),
  ];
  const title = `${content.name} — data report`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // Says the engine wrote the page: only such a page is replaced by the next report.
    HTML_REPORT_MARK,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Everything is inline: the page may not load anything.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${PAGE_STYLE}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${escapeHtml(title)}</h1>`,
    content.description ? `<p class="lead">${escapeHtml(content.description)}</p>` : '',
    `<p class="meta">As of <strong>${escapeHtml(content.asOf)}</strong> · spec <code>${escapeHtml(shortPath(content.spec))}</code> · database <code>${escapeHtml(shortPath(content.database))}</code></p>`,
    summaryCards(content),
    '<nav><a href="#kpis">KPIs</a><a href="#charts">Charts</a><a href="#tables">Rows per table</a></nav>',
    '</header>',
    '<main>',
    ...sections,
    '</main>',
    `<footer>Made by <code>hopify-engine report ${escapeHtml(shortPath(content.spec))} --html</code>.</footer>`,
    `<script type="application/json" id="report-charts">${jsonForScript(configs)}</script>`,
    `<script>${chartLibrary}</script>`,
    `<script>${DRAW_CHARTS_SCRIPT}</script>`,
    '</body>',
    '</html>',
  ]
    .filter((line) => line !== '')
    .join('\n')
    .concat('\n');
}

function summaryCards(content: ReportContent): string {
  const rows = content.tables.reduce((sum, t) => sum + t.rows, 0);
  const cards: [string, string, string?][] = [
    [formatCount(rows), `rows in ${content.tables.length} tables`],
    [formatCount(content.charts.length), 'charts'],
  ];
  if (content.kpis) {
    const counts = gapCounts(content.kpis);
    cards.unshift(
      [formatCount(content.kpis.summary.targets), 'KPI targets'],
      [formatCount(counts.close), `within ±${GAP_BANDS.close}% of target`, 'close'],
      [formatCount(counts.off), `${GAP_BANDS.close}–${GAP_BANDS.off}% off target`, 'off'],
      [formatCount(counts.far + counts.none), `more than ${GAP_BANDS.off}% off, or not measured`, 'far'],
    );
  }
  return `<div class="cards">${cards.map(([value, label, band]) => `<div class="card${band ? ` ${band}` : ''}"><span class="value">${value}</span><span class="label">${escapeHtml(label)}</span></div>`).join('')}</div>`;
}

/** The place of a section the spec has nothing for: `kpis` or `charts`. */
function missingSection(key: string, heading: string): string {
  return `<section id="${key}"><h2>${escapeHtml(heading)}</h2><p class="note">The spec has no <code>${key}:</code> section.</p></section>`;
}
