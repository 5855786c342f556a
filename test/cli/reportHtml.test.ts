import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, ROOT } from '../helpers/cli';

const SHOP = join(ROOT, 'specs/examples/shop.yaml');

/** The chart names and x labels a page embeds for its script. */
function embeddedCharts(html: string): { name: string; labels: string[] }[] {
  const json = /<script type="application\/json" id="report-charts">([\s\S]*?)<\/script>/.exec(html)![1];
  return (JSON.parse(json) as { name: string; config: { data: { labels: string[] } } }[]).map((c) => ({ name: c.name, labels: c.config.data.labels }));
}

describe('hopify-engine report --html', () => {
  let dir: string;
  let db: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hopify-report-html-'));
    db = join(dir, 'shop.db');
    const run = cli(['run', SHOP, '--out', db, '--quiet']);
    expect(run.status).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one page with the spec’s charts and row counts, into a folder it makes', () => {
    const out = join(dir, 'nested', 'folder', 'report.html');
    const result = cli(['report', SHOP, '--db', db, '--html', out]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`wrote ${out}: 3 charts, 4 tables (21,440 rows)\n`);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect([...html.matchAll(/<canvas data-chart="(\w+)"/g)].map((m) => m[1])).toEqual(['orders_per_month', 'revenue_by_category', 'order_value']);
    const charts = embeddedCharts(html);
    expect(charts.map((c) => c.name)).toEqual(['orders_per_month', 'revenue_by_category', 'order_value']);
    expect(charts[0].labels[0]).toMatch(/^\d{4}-\d{2}$/);
    expect(charts[1].labels).toEqual(['Books', 'Electronics', 'Garden', 'Kitchen', 'Toys']);
    expect(html).toMatch(/<th scope="row">order_items<\/th><td class="count">[\d,]+<\/td>/);
    expect(readdirSync(join(dir, 'nested', 'folder'))).toEqual(['report.html']);
  });

  it('writes the same bytes from the same database', () => {
    const first = join(dir, 'first.html');
    const second = join(dir, 'second.html');
    expect(cli(['report', SHOP, '--db', db, '--html', first]).status).toBe(0);
    expect(cli(['report', SHOP, '--db', db, '--html', second]).status).toBe(0);
    expect(readFileSync(second, 'utf8')).toBe(readFileSync(first, 'utf8'));
  });

  it('leaves the earlier page in place when a chart fails, naming the chart and its line', () => {
    const out = join(dir, 'kept', 'report.html');
    expect(cli(['report', SHOP, '--db', db, '--html', out]).status).toBe(0);
    const before = readFileSync(out, 'utf8');
    const result = cli(['report', SHOP, '--db', db, '--html', out, '--set', 'charts.order_value.sql=SELECT no_such_column FROM orders']);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('chart "order_value" failed: no such column: no_such_column');
    expect(result.stderr).toContain('charts.order_value.sql');
    expect(result.stderr).toMatch(/shop\.yaml:\d+:\d+/);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(readFileSync(out, 'utf8')).toBe(before);
    expect(readdirSync(join(dir, 'kept'))).toEqual(['report.html']);
  });

  it('refuses a chart that writes before touching the database', () => {
    const out = join(dir, 'refused.html');
    const result = cli(['report', SHOP, '--db', db, '--html', out, '--set', 'charts.order_value.sql=DELETE FROM orders']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('DELETE is not allowed: spec SQL may only SELECT');
    expect(readdirSync(dir)).not.toContain('refused.html');
    expect(cli(['report', SHOP, '--db', db, '--html', out]).stdout).toContain('21,440 rows');
  });

  it('says when the page cannot be written', () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, '');
    const result = cli(['report', SHOP, '--db', db, '--html', join(blocker, 'report.html')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`cannot write ${join(blocker, 'report.html')}`);
    expect(result.stderr).not.toMatch(/internal error/);
  });

  it('takes --html or --json, not both', () => {
    const result = cli(['report', SHOP, '--db', db, '--json', '--html', join(dir, 'both.html')]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/option '--html <file>' cannot be used with option '--json'/);
  });

  it('shows --html with an example in its help', () => {
    const result = cli(['report', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--html <file>');
    expect(result.stdout).toContain('$ hopify-engine report specs/examples/shop.yaml --db out/shop.db --html out/shop-report.html');
  });
});
