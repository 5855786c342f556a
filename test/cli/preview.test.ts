import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { cli, ROOT } from '../helpers/cli';

const SHOP = join(ROOT, 'specs/examples/shop.yaml');

/** A one-table spec with a column far wider than a line, and a boolean. */
const WIDE_SPEC = `name: wide
seed: 3
tables:
  notes:
    rows: { count: 1000 }
    columns:
      note_id: { type: integer, primary_key: true, sequence: {} }
      body: { type: text, constant: "${'long words '.repeat(30).trim()}" }
      flagged: { type: boolean, boolean: 0.5 }
`;

describe('hopify-engine preview', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'hopify-preview-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('prints a header, a rule and n aligned rows, and writes nothing', () => {
    const result = cli(['preview', SHOP, '--table', 'orders', '--rows', '7'], { cwd: folder });
    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2 + 7);
    expect(lines[0].split(/\s+/)).toEqual(['order_id', 'customer_id', 'order_date', 'status']);
    expect(lines[1]).toMatch(/^-+( +-+){3}$/);
    // Every column starts where its header does: the rule's dashes mark the columns.
    const starts = [...lines[1].matchAll(/-+/g)].map((m) => m.index);
    for (const line of lines.slice(2)) for (const start of starts.slice(1)) expect(line[start - 1]).toBe(' ');
    expect(readdirSync(folder)).toEqual([]);
    expect(readdirSync(join(ROOT, 'specs/examples')).filter((name) => /\.(db|tmp)/.test(name))).toEqual([]);
  });

  it('cuts a wide column with an ellipsis to fit 120 columns when stdout is not a terminal', () => {
    const spec = join(folder, 'wide.yaml');
    writeFileSync(spec, WIDE_SPEC);
    const result = cli(['preview', spec, '--rows', '3'], { cwd: folder });
    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(120);
    expect(lines[2]).toContain('…');
    expect(lines[2]).toMatch(/ (true|false)$/);
    expect(readdirSync(folder)).toEqual(['wide.yaml']);
  });

  // util-linux `script` gives the CLI a pseudo-terminal, whose width `stty` sets.
  const hasScript = spawnSync('script', ['--version']).status === 0;
  (hasScript ? it : it.skip)('fits the width of a terminal', () => {
    const command = `stty cols 60; ${JSON.stringify(process.execPath)} ${JSON.stringify(join(ROOT, 'bin/hopify-engine.js'))} preview ${JSON.stringify(SHOP)} --table customers --rows 3`;
    const result = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: folder, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(result.status).toBe(0);
    const lines = result.stdout.replace(/\r/g, '').trimEnd().split('\n');
    expect(lines).toHaveLength(2 + 3);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
    expect(lines[0]).toContain('…');
    expect(readdirSync(folder)).toEqual([]);
  });

  it('refuses more rows than a preview holds', () => {
    const result = cli(['preview', SHOP, '--table', 'orders', '--rows', '10001'], { cwd: folder });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('at most 10,000');
  });

  it('prints CSV and JSON that parse back to the same rows', () => {
    const csv = cli(['preview', SHOP, '--table', 'customers', '--rows', '4', '--format', 'csv'], { cwd: folder });
    const json = cli(['preview', SHOP, '--table', 'customers', '--rows', '4', '--format', 'json'], { cwd: folder });
    expect(csv.status).toBe(0);
    expect(json.status).toBe(0);
    const fromCsv = parse(csv.stdout, { columns: true }) as Record<string, string>[];
    const fromJson = JSON.parse(json.stdout) as Record<string, unknown>[];
    expect(fromCsv).toHaveLength(4);
    expect(fromJson).toHaveLength(4);
    expect(Object.keys(fromJson[0])).toEqual(['customer_id', 'name', 'email', 'city', 'segment', 'signup_date']);
    expect(fromJson.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? '' : String(v)])))).toEqual(fromCsv);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('grows the scale until the table has the rows asked for', () => {
    // shop has 2,000 customers at scale 1: 1/1000, 1/100 and 1/10 of it are too few for 500.
    const result = cli(['preview', SHOP, '--table', 'customers', '--rows', '500', '--format', 'json'], { cwd: folder });
    expect(result.status).toBe(0);
    const rows = JSON.parse(result.stdout) as { customer_id: number }[];
    expect(rows.map((row) => row.customer_id)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
  });

  it('gives the same rows for the same seed and others for another', () => {
    const rows = (seed: string) => cli(['preview', SHOP, '--table', 'customers', '--format', 'csv', '--seed', seed], { cwd: folder }).stdout;
    expect(rows('5')).toBe(rows('5'));
    expect(rows('5')).not.toBe(rows('6'));
  });

  it('suggests the table for a misspelt --table and lists them when it is missing', () => {
    const misspelt = cli(['preview', SHOP, '--table', 'ordrs'], { cwd: folder });
    expect(misspelt.status).toBe(1);
    expect(misspelt.stderr).toContain('did you mean "orders"?');
    const missing = cli(['preview', SHOP], { cwd: folder });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('customers, products, orders, order_items');
    expect(misspelt.stdout + missing.stdout).toBe('');
  });

  it('previews one table of v15', () => {
    const result = cli(['preview', join(ROOT, 'specs/v15.yaml'), '--table', 'orders', '--rows', '5'], { cwd: folder, timeoutMs: 60_000 });
    expect(result.status).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(2 + 5);
    expect(readdirSync(folder)).toEqual([]);
  });
});
