import { isAbsolute, relative } from 'node:path';
import type { KpiReport, KpiRow } from './kpis';
import { noteFootnotes } from './kpiNotes';

const fixed = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const signed = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' });
const percent = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });

const show = (value: number | null, format: Intl.NumberFormat, suffix = '') => (value === null ? '—' : `${format.format(value)}${suffix}`);

/** The `report` table: one line per target (and per measured row without one), actual vs target. */
export function formatKpiTable(report: KpiReport): string {
  const withId = report.rows.some((r) => r.id !== undefined);
  const withSegment = report.rows.some((r) => r.segment !== null);
  const withPeriod = report.rows.some((r) => r.period !== null);
  const withStatus = report.rows.some((r) => r.status !== 'ok');
  const { marks, footnotes } = noteFootnotes(report.rows);
  const withNote = footnotes.length > 0;
  const header = [
    ...(withId ? ['#'] : []),
    'metric',
    ...(withSegment ? ['segment'] : []),
    ...(withPeriod ? ['period'] : []),
    'target',
    'actual',
    'difference',
    'diff %',
    ...(withNote ? ['note'] : []),
    ...(withStatus ? ['status'] : []),
  ];
  const right = new Set(['#', 'target', 'actual', 'difference', 'diff %']);
  const cells = (row: KpiRow, index: number): string[] => [
    ...(withId ? [row.id === undefined || row.id === null ? '' : String(row.id)] : []),
    row.metric,
    ...(withSegment ? [row.segment ?? ''] : []),
    ...(withPeriod ? [row.period ?? ''] : []),
    show(row.target, fixed),
    show(row.actual, fixed),
    show(row.difference, signed),
    show(row.differencePercent, percent, '%'),
    ...(withNote ? [marks[index]] : []),
    ...(withStatus ? [row.status === 'ok' ? '' : row.status] : []),
  ];
  const body = report.rows.map(cells);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cols) => cols[i].length)));
  const line = (cols: string[]) =>
    cols
      .map((c, i) => (right.has(header[i]) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const { summary } = report;
  const missing = [
    summary.noMetric && `${summary.noMetric} without a metric`,
    summary.noValue && `${summary.noValue} without a value`,
  ].filter(Boolean);
  const footer = `${summary.targets} ${summary.targets === 1 ? 'target' : 'targets'}: ${summary.measured} measured${missing.length ? `, ${missing.join(', ')}` : ''}${
    summary.noTarget ? `; ${summary.noTarget} measured ${summary.noTarget === 1 ? 'row' : 'rows'} without a target` : ''
  }.`;
  return [
    `KPIs of ${report.name} in ${shortPath(report.database)}, as of ${report.asOf}`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
    '',
    ...(withNote ? [...footnotes, ''] : []),
    footer,
  ].join('\n');
}

/** A file path relative to the current folder when it is inside it; URLs as they are. */
export function shortPath(location: string): string {
  if (!isAbsolute(location)) return location;
  const rel = relative(process.cwd(), location);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : location;
}
