import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { loadSpec } from '../../engine/index';
import { cli, ROOT } from '../helpers/cli';
import type { SpecRun } from '../helpers/runSpec';
import { generate, V15_SPEC } from '../v15/v15Dataset';

/** Debian's Chromium: the test never downloads a browser (`.ci/run` installs this one). */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

const SHOP = join(ROOT, 'specs/examples/shop.yaml');
const OUT = join(ROOT, 'out');
const REPORT = join(OUT, 'report.html');
const SCREENSHOT = join(OUT, 'report.png');

/** A `describe` that needs Chromium: skipped with one line saying how to get it, except in CI, where a missing browser fails. */
function describeWithChromium(title: string, body: () => void): void {
  if (existsSync(CHROMIUM)) return describe(title, body);
  if (process.env.CI === 'true') {
    describe(title, () => {
      it('finds Chromium', () => {
        throw new Error(`${CHROMIUM} is missing (CI=true): .ci/run installs it with apt-get install chromium`);
      });
    });
    return;
  }
  process.stderr.write(`skipping "${title}": no ${CHROMIUM}; apt-get install chromium enables it\n`);
  describe.skip(title, body);
}

interface DrawnChart {
  name: string;
  labels: number;
  datasets: { label: string; values: number; points: number }[];
  /** Canvas pixels that are not transparent: the chart was painted. */
  painted: number;
}

/** What a page showed in the browser, and what went wrong on the way. */
interface OpenedReport {
  drawn: DrawnChart[];
  kpiCells: number;
  visibleNotes: string[];
  /** Console errors and warnings, and uncaught exceptions. */
  problems: string[];
  /** Every request for something other than the page itself (refused). */
  requests: string[];
}

/** Opens a report file, waits until every canvas has its chart, reads them and saves a screenshot of the whole page. */
async function openReport(browser: Browser, file: string, screenshot: string): Promise<OpenedReport> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url === pathToFileURL(file).href) return route.continue();
    requests.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  const everyChartDrawn = () => {
    const canvases = [...document.querySelectorAll('canvas[data-chart]')] as HTMLCanvasElement[];
    const chart = (window as unknown as { Chart?: { getChart(c: HTMLCanvasElement): unknown } }).Chart;
    return canvases.length > 0 && chart !== undefined && canvases.every((canvas) => chart.getChart(canvas) !== undefined);
  };
  // A script error stops the drawing: say which, rather than waiting out the test's time.
  await page.waitForFunction(everyChartDrawn, undefined, { timeout: 15_000 }).catch((err: Error) => {
    throw new Error(`the charts of ${file} were not all drawn: ${problems.join('; ') || err.message}`);
  });
  const drawn = await page.$$eval('canvas[data-chart]', (canvases) =>
    (canvases as HTMLCanvasElement[]).map((canvas) => {
      type Drawn = { data: { labels: unknown[]; datasets: { label: string; data: (number | null)[] }[] } };
      const chart = (window as unknown as { Chart: { getChart(c: HTMLCanvasElement): Drawn } }).Chart.getChart(canvas);
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted++;
      return {
        name: canvas.getAttribute('data-chart')!,
        labels: chart.data.labels.length,
        datasets: chart.data.datasets.map((d) => ({ label: d.label, values: d.data.length, points: d.data.filter((v) => v !== null).length })),
        painted,
      };
    }),
  );
  const kpiCells = await page.locator('td.kpi').count();
  // The notes a reader sees: drawn with a size, not hidden.
  const visibleNotes = await page.$$eval('.kpi-note', (notes) =>
    notes.filter((note) => (note as HTMLElement).offsetHeight > 0 && getComputedStyle(note).visibility === 'visible').map((note) => note.textContent ?? ''),
  );
  await page.screenshot({ path: screenshot, fullPage: true });
  await page.close();
  return { drawn, kpiCells, visibleNotes, problems, requests };
}

/** Every chart has labels, datasets with a value per label (some not NULL), and painted pixels. */
function expectDrawnWithData(drawn: DrawnChart[]): void {
  for (const chart of drawn) {
    expect([chart.name, chart.labels > 0, chart.datasets.length > 0, chart.painted > 1000]).toEqual([chart.name, true, true, true]);
    for (const dataset of chart.datasets) expect([chart.name, dataset.label, dataset.values, dataset.points > 0]).toEqual([chart.name, dataset.label, chart.labels, true]);
  }
}

/** Runs `report --html` through the CLI, as users do. */
function writeReport(spec: string, db: string, file: string): void {
  const result = cli(['report', spec, '--db', db, '--html', file]);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
}

describeWithChromium('HTML reports in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  });
  afterAll(() => browser?.close());

  describe('v15', () => {
    let run: SpecRun;
    let opened: OpenedReport;
    beforeAll(async () => {
      run = await generate(V15_SPEC, 0.05);
      writeReport(V15_SPEC, run.dbPath, REPORT);
      opened = await openReport(browser, REPORT, SCREENSHOT);
    });
    afterAll(() => run?.close());

    it('draws every chart of the spec, in its order', () => {
      expect(opened.drawn.map((c) => c.name)).toEqual(Object.keys(loadSpec(V15_SPEC).spec.charts ?? {}));
      expect(opened.drawn.map((c) => c.name)).toEqual(['signups_vs_plan', 'mrr_by_segment', 'churn_by_segment', 'web_funnel', 'ticket_resolution']);
    });

    it('gives every chart data: labels, datasets with a value per label, and painted pixels', () => {
      expectDrawnWithData(opened.drawn);
      const datasets = Object.fromEntries(opened.drawn.map((c) => [c.name, c.datasets.map((d) => d.label)]));
      expect(datasets.signups_vs_plan).toEqual(['Enterprise', 'Mid-Market', 'SMB', 'Acquisition plan']);
      expect(datasets.web_funnel).toEqual(['Visitors', 'Leads', 'MQLs']);
      expect(datasets.mrr_by_segment.sort()).toEqual(['Enterprise', 'Mid-Market', 'SMB']);
    });

    it('shows every KPI target', () => {
      expect(opened.kpiCells).toBe(33);
    });

    it('shows each KPI note of the spec, once, beside the gaps it explains', () => {
      const metrics = Object.values(loadSpec(V15_SPEC).spec.kpis?.metrics ?? {}) as (string | { note?: string })[];
      const notes = metrics.flatMap((metric) => (typeof metric === 'object' && metric.note ? [metric.note.trim()] : []));
      expect(notes.length).toBeGreaterThanOrEqual(3);
      expect([...opened.visibleNotes].sort()).toEqual([...notes].sort());
    });

    it('logs no error or warning, and asks the network for nothing', () => {
      expect(opened.problems).toEqual([]);
      expect(opened.requests).toEqual([]);
    });

    it('saves a screenshot of the whole page under out/', () => {
      expect(statSync(SCREENSHOT).size).toBeGreaterThan(50_000);
    });
  });

  describe('another dataset, from its own charts: with no code of its own', () => {
    let dir: string;
    let opened: OpenedReport;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'hopify-report-shop-'));
      const db = join(dir, 'shop.db');
      expect(cli(['run', SHOP, '--out', db, '--quiet']).status).toBe(0);
      writeReport(SHOP, db, join(dir, 'report.html'));
      opened = await openReport(browser, join(dir, 'report.html'), join(OUT, 'shop-report.png'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('draws the shop’s three charts with data, and no KPI section', () => {
      expect(opened.drawn.map((c) => c.name)).toEqual(['orders_per_month', 'revenue_by_category', 'order_value']);
      expectDrawnWithData(opened.drawn);
      expect(opened.kpiCells).toBe(0);
      expect(opened.visibleNotes).toEqual([]);
      expect([opened.problems, opened.requests]).toEqual([[], []]);
    });
  });
});
