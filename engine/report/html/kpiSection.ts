import type { KpiReport, KpiRow } from '../kpis';
import { escapeHtml } from './escapeHtml';
import { GAP_BANDS, gapBand, type GapBand } from './kpiGap';
import { formatGap, formatValue } from './numberFormat';

/** The column of rows without a segment. */
const ALL = 'All';

const BAND_NAMES: Record<GapBand, string> = {
  close: `within ±${GAP_BANDS.close}%`,
  off: `${GAP_BANDS.close}–${GAP_BANDS.off}% off`,
  far: `more than ${GAP_BANDS.off}% off`,
  none: 'not comparable',
};

/** How many KPI targets fall in each gap band, for the summary at the top of the page. */
export function gapCounts(report: KpiReport): Record<GapBand, number> {
  const counts: Record<GapBand, number> = { close: 0, off: 0, far: 0, none: 0 };
  for (const row of report.rows) if (row.status !== 'no target') counts[gapBand(row)]++;
  return counts;
}

/** KPIs against their targets: one row per metric (and period), one column per segment, each cell coloured by its gap. */
export function kpiSection(report: KpiReport): string {
  const segments: string[] = [];
  const metrics = new Map<string, { metric: string; period: string | null; description?: string; metricNote?: string; cells: Map<string, KpiRow> }>();
  for (const row of report.rows) {
    const segment = row.segment ?? ALL;
    if (!segments.includes(segment)) segments.push(segment);
    const key = JSON.stringify([row.metric, row.period]);
    let line = metrics.get(key);
    if (!line) metrics.set(key, (line = { metric: row.metric, period: row.period, cells: new Map() }));
    line.description ??= row.description;
    line.metricNote ??= row.metricNote;
    if (!line.cells.has(segment)) line.cells.set(segment, row);
  }
  if (segments.includes(ALL)) segments.sort((a, b) => Number(b === ALL) - Number(a === ALL));

  const header = `<tr><th scope="col">Metric</th>${segments.map((s) => `<th scope="col">${escapeHtml(s)}</th>`).join('')}</tr>`;
  const body = [...metrics.values()].map((line) => {
    const name = `<th scope="row"><span class="metric">${escapeHtml(line.metric)}</span>${line.period ? ` <span class="period">${escapeHtml(line.period)}</span>` : ''}${
      line.description ? `<span class="about">${escapeHtml(line.description)}</span>` : ''
    }${line.metricNote ? gapNote(line.metricNote) : ''}</th>`;
    return `<tr>${name}${segments.map((segment) => kpiCell(line.cells.get(segment))).join('')}</tr>`;
  });
  const legend = (['close', 'off', 'far', 'none'] as GapBand[]).map((band) => `<span class="legend gap-${band}">${escapeHtml(BAND_NAMES[band])}</span>`).join(' ');
  return [
    '<section id="kpis">',
    '<h2>KPIs vs targets</h2>',
    `<p class="note">Measured in the database as of ${escapeHtml(report.asOf)}, against the targets table; the gap is (actual − target) ÷ target. ${legend}</p>`,
    '<div class="scroll"><table class="kpis">',
    `<thead>${header}</thead>`,
    `<tbody>${body.join('\n')}</tbody>`,
    '</table></div>',
    '</section>',
  ].join('\n');
}

function kpiCell(row: KpiRow | undefined): string {
  if (!row) return '<td class="kpi empty">—</td>';
  const band = gapBand(row);
  const target = row.target === null ? 'no target' : `target ${formatValue(row.target)}`;
  const gap = row.status === 'ok' ? formatGap(row.differencePercent) : row.status === 'no target' ? '' : 'not measured';
  const title = row.note ?? `${BAND_NAMES[band]}: actual ${formatValue(row.actual)}, ${target}, difference ${formatValue(row.difference)}`;
  return [
    `<td class="kpi gap-${band}" title="${escapeHtml(title)}">`,
    `<span class="actual">${formatValue(row.actual)}</span>`,
    `<span class="target">${escapeHtml(target)}</span>`,
    `<span class="gap">${escapeHtml(gap)}</span>`,
    row.targetNote ? gapNote(row.targetNote) : '',
    '</td>',
  ].join('');
}

/** The spec's note on a gap: a metric's beside its row of gaps, a target's in its cell. */
const gapNote = (note: string): string => `<span class="kpi-note">${escapeHtml(note)}</span>`;
