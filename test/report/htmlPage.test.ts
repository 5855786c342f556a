import { chartLibrarySource } from '../../engine/report/html/chartLibrary';
import type { ChartSpec } from '../../engine/report/html/chartSpecs';
import { escapeHtml, jsonForScript } from '../../engine/report/html/escapeHtml';
import type { ReportContent } from '../../engine/report/html/gatherReport';
import { renderReportPage } from '../../engine/report/html/reportPage';
import type { KpiReport, KpiRow } from '../../engine/report/kpis';

const HOSTILE = `</script><script>alert("x")</script> & 'quoted'`;

function chart(name: string, extra: Partial<ChartSpec> = {}): ChartSpec {
  return { name, title: name, type: 'line', sql: 'SELECT 1', x: 'month', y: ['value'], overlay: [], labels: {}, yScale: 'linear', bins: 20, ...extra };
}

function kpiRow(metric: string, segment: string | null, target: number | null, actual: number | null): KpiRow {
  const difference = target !== null && actual !== null ? actual - target : null;
  return {
    metric,
    segment,
    period: 'monthly',
    target,
    actual,
    difference,
    differencePercent: difference !== null && target ? (difference / Math.abs(target)) * 100 : null,
    status: actual === null ? 'no value' : target === null ? 'no target' : 'ok',
  };
}

function kpis(rows: KpiRow[]): KpiReport {
  return { spec: 's.yaml', name: 'd', database: 'd.db', asOf: '2025-06-30', rows, summary: { rows: rows.length, targets: rows.length, measured: rows.length, noMetric: 0, noValue: 0, noTarget: 0 } };
}

function content(extra: Partial<ReportContent> = {}): ReportContent {
  return {
    name: 'dataset',
    spec: 'specs/d.yaml',
    database: 'out/d.db',
    asOf: '2025-06-30',
    tables: [
      { table: 'customers', rows: 2000 },
      { table: 'orders', rows: 4893 },
    ],
    charts: [
      { spec: chart('orders_per_month', { series: 'segment' }), data: { labels: ['2025-01', '2025-02'], rows: 4, datasets: [{ label: 'vip', key: 'vip', values: [1, 2], overlay: false }, { label: 'consumer', key: 'consumer', values: [3, null], overlay: false }] } },
      { spec: chart('order_value', { type: 'histogram', x: 'value', y: [] }), data: { labels: ['0–20', '20–40'], rows: 7, datasets: [{ label: 'value', key: 'value', values: [5, 2], overlay: false }] } },
    ],
    ...extra,
  };
}

/** The chart configurations the page embeds for its script. */
function embedded(html: string): { name: string; config: { type: string; data: { labels: string[]; datasets: { label: string; data: (number | null)[]; type?: string; borderColor: string }[] }; options: { scales: { y: { type?: string; stacked: boolean } } } } }[] {
  const json = /<script type="application\/json" id="report-charts">([\s\S]*?)<\/script>/.exec(html)![1];
  return JSON.parse(json);
}

describe('escaping', () => {
  it('escapes the five HTML characters', () => {
    expect(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;');
  });

  it('embeds JSON that no value can break out of, and that parses back to the same value', () => {
    const value = { text: HOSTILE, comment: '<!-- x -->', separators: '\u2028\u2029' };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/<\/?script|<!--|\u2028|\u2029/i);
    expect(JSON.parse(json)).toEqual(value);
  });

  it('shows names, descriptions, series and segments from the spec and the data as text, never as markup', () => {
    const hostileChart = chart('c', { title: HOSTILE, description: HOSTILE, series: 's' });
    const html = renderReportPage(
      content({
        name: HOSTILE,
        description: HOSTILE,
        tables: [{ table: 't', rows: 1, description: HOSTILE }],
        kpis: kpis([kpiRow(HOSTILE, HOSTILE, 10, 11)]),
        charts: [{ spec: hostileChart, data: { labels: [HOSTILE], rows: 1, datasets: [{ label: HOSTILE, key: HOSTILE, values: [1], overlay: false }] } }],
      }),
      '/* library */',
    );
    // The page's own three script elements, and no other.
    expect(html.match(/<script\b/g)).toHaveLength(3);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;');
    expect(embedded(html)[0].config.data.labels).toEqual([HOSTILE]);
    expect(embedded(html)[0].config.data.datasets[0].label).toBe(HOSTILE);
  });
});

describe('the page', () => {
  // A stand-in for Chart.js's bundle keeps failure messages short; the first test inlines the real one.
  const page = renderReportPage(content(), '/* chart library */');

  it('is one file: Chart.js inlined, no script, style or image loaded from anywhere', () => {
    const library = chartLibrarySource();
    expect(library.startsWith('/*!\n * Chart.js v4')).toBe(true);
    expect(library.includes('sourceMappingURL')).toBe(false);
    const withLibrary = renderReportPage(content(), library);
    expect(withLibrary.includes(`<script>${library}</script>`)).toBe(true);
    expect(withLibrary.replace(library, '')).toBe(page.replace('/* chart library */', ''));
    expect(page).not.toMatch(/\ssrc=|href="(?!#)|<link\b|<img\b|url\(/i);
    expect(page).toContain(`Content-Security-Policy" content="default-src 'none'`);
  });

  it('has one canvas per chart, each with its data embedded under its name', () => {
    expect([...page.matchAll(/<canvas data-chart="(\w+)"/g)].map((m) => m[1])).toEqual(['orders_per_month', 'order_value']);
    const [orders, value] = embedded(page);
    expect(orders.name).toBe('orders_per_month');
    expect(orders.config.type).toBe('line');
    expect(orders.config.data.labels).toEqual(['2025-01', '2025-02']);
    expect(orders.config.data.datasets.map((d) => [d.label, d.data])).toEqual([
      ['vip', [1, 2]],
      ['consumer', [3, null]],
    ]);
    expect(value.config.type).toBe('bar');
    expect(value.config.data.datasets[0].data).toEqual([5, 2]);
  });

  it('draws a chart whose query returned nothing as a note, without a canvas', () => {
    const html = renderReportPage(content({ charts: [{ spec: chart('empty'), data: { labels: [], datasets: [], rows: 0 } }] }), '');
    expect(html).not.toContain('<canvas');
    expect(html).toContain('The query returned no rows.');
    expect(embedded(html)).toEqual([]);
  });

  it('gives a series the same colour in every chart', () => {
    const data = { labels: ['a'], rows: 2, datasets: ['x', 'y'].map((key) => ({ label: key, key, values: [1], overlay: false })) };
    const reversed = { ...data, datasets: [...data.datasets].reverse() };
    const html = renderReportPage(content({ charts: [{ spec: chart('one', { series: 's' }), data }, { spec: chart('two', { type: 'bar', series: 's' }), data: reversed }] }), '');
    const [one, two] = embedded(html).map((c) => Object.fromEntries(c.config.data.datasets.map((d) => [d.label, d.borderColor])));
    expect(one).toEqual(two);
    expect(one.x).not.toBe(one.y);
  });

  it('stacks stacked bars and areas, draws an overlay as a line in its own stack, and takes a log scale', () => {
    const data = { labels: ['a'], rows: 1, datasets: [{ label: 's', key: 's', values: [1], overlay: false }, { label: 'Plan', key: 'plan', values: [2], overlay: true }] };
    const html = renderReportPage(content({ charts: [{ spec: chart('stacked', { type: 'stacked_bar', overlay: ['plan'], yScale: 'log' }), data }] }), '');
    const [config] = embedded(html).map((c) => c.config);
    expect(config.type).toBe('bar');
    expect(config.options.scales.y).toMatchObject({ stacked: true, type: 'logarithmic' });
    expect(config.data.datasets[1]).toMatchObject({ type: 'line', label: 'Plan', stack: 'overlay:plan' });
  });

  it('lists the rows of every table with their total', () => {
    expect(page).toMatch(/<th scope="row">customers<\/th><td class="count">2,000<\/td>/);
    expect(page).toMatch(/<th scope="row">2 tables<\/th><td class="count">6,893<\/td>/);
  });

  it('says where the spec has no kpis: section', () => {
    expect(page).toContain('The spec has no <code>kpis:</code> section.');
  });

  it('reads nothing from the clock: the same content gives the same page', () => {
    expect(renderReportPage(content(), '/* chart library */')).toBe(page);
  });
});

describe('the KPI section', () => {
  const rows = [
    kpiRow('Churn', 'SMB', 4, 4.1), // +2.5%: close
    kpiRow('Churn', 'Enterprise', 1, 1.1), // +10%: off
    kpiRow('ARPU', 'SMB', 100, 50), // −50%: far
    kpiRow('ARPU', 'Enterprise', 100, null), // not measured
  ];
  const html = renderReportPage(content({ kpis: kpis(rows) }), '');
  const cells = [...html.matchAll(/<td class="kpi gap-(\w+)"[^>]*><span class="actual">([^<]*)<\/span><span class="target">([^<]*)<\/span><span class="gap">([^<]*)<\/span>/g)].map((m) => m.slice(1));

  it('has one row per metric and one column per segment', () => {
    expect([...html.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1]).slice(0, 3)).toEqual(['Metric', 'SMB', 'Enterprise']);
    expect([...html.matchAll(/<span class="metric">([^<]*)<\/span>/g)].map((m) => m[1])).toEqual(['Churn', 'ARPU']);
  });

  it('colours each cell by the size of its gap, and shows actual, target and gap', () => {
    expect(cells).toEqual([
      ['close', '4.1', 'target 4', '+2.5%'],
      ['off', '1.1', 'target 1', '+10.0%'],
      ['far', '50', 'target 100', '-50.0%'],
      ['none', '—', 'target 100', 'not measured'],
    ]);
  });

  it('counts the targets of each band in the summary', () => {
    const card = (label: string) => new RegExp(`<span class="value">(\\d+)</span><span class="label">${label}`).exec(html)![1];
    expect([card('KPI targets'), card('within ±5%'), card('5–20% off'), card('more than 20% off')]).toEqual(['4', '1', '1', '2']);
  });
});
