import { existsSync, mkdirSync, statSync } from 'node:fs';
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

describeWithChromium('the v15 HTML report in Chromium', () => {
  let run: SpecRun;
  let browser: Browser;
  let drawn: DrawnChart[];
  let kpiCells: number;
  const problems: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    run = await generate(V15_SPEC, 0.05);
    mkdirSync(OUT, { recursive: true });
    const result = cli(['report', V15_SPEC, '--db', run.dbPath, '--html', REPORT]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);

    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    // The page must need nothing but itself: any other request is recorded and refused.
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url === pathToFileURL(REPORT).href) return route.continue();
      requests.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(REPORT).href, { waitUntil: 'load' });
    await page.waitForFunction(() => {
      const canvases = [...document.querySelectorAll('canvas[data-chart]')] as HTMLCanvasElement[];
      const chart = (window as unknown as { Chart?: { getChart(c: HTMLCanvasElement): unknown } }).Chart;
      return canvases.length > 0 && chart !== undefined && canvases.every((canvas) => chart.getChart(canvas) !== undefined);
    });
    drawn = await page.$$eval('canvas[data-chart]', (canvases) =>
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
    kpiCells = await page.locator('td.kpi').count();
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });
  afterAll(async () => {
    await browser?.close();
    run?.close();
  });

  it('draws every chart of the spec, in its order', () => {
    expect(drawn.map((c) => c.name)).toEqual(Object.keys(loadSpec(V15_SPEC).spec.charts ?? {}));
    expect(drawn.map((c) => c.name)).toEqual(['signups_vs_plan', 'mrr_by_segment', 'churn_by_segment', 'web_funnel', 'ticket_resolution']);
  });

  it('gives every chart data: labels, datasets with a value per label, and painted pixels', () => {
    for (const chart of drawn) {
      expect([chart.name, chart.labels > 0, chart.datasets.length > 0, chart.painted > 1000]).toEqual([chart.name, true, true, true]);
      for (const dataset of chart.datasets) expect([chart.name, dataset.label, dataset.values, dataset.points > 0]).toEqual([chart.name, dataset.label, chart.labels, true]);
    }
    const datasets = Object.fromEntries(drawn.map((c) => [c.name, c.datasets.map((d) => d.label)]));
    expect(datasets.signups_vs_plan).toEqual(['Enterprise', 'Mid-Market', 'SMB', 'Acquisition plan']);
    expect(datasets.web_funnel).toEqual(['Visitors', 'Leads', 'MQLs']);
    expect(datasets.mrr_by_segment.sort()).toEqual(['Enterprise', 'Mid-Market', 'SMB']);
  });

  it('shows every KPI target', () => {
    expect(kpiCells).toBe(33);
  });

  it('logs no error or warning, and asks the network for nothing', () => {
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('saves a screenshot of the whole page under out/', () => {
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(50_000);
  });
});
