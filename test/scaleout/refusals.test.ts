/** What cannot be sharded exactly is refused before anything is generated, naming the table and the reason. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cliAsync } from './partFolders';

const SPEC = `
name: split_refused
seed: 3
tables:
  customers:
    shard: split
    rows: { count: 30000 }
    columns:
      customer_id: { type: integer, primary_key: true, sequence: {} }
      segment: { type: text, choice: { smb: 3, enterprise: 1 } }
  segments:
    context:
      sql: SELECT segment, COUNT(*) AS customers FROM customers GROUP BY segment
      key: segment
      on: segment
    rows: { static: { rows: [{ segment: smb }, { segment: enterprise }] } }
    columns:
      segment: { type: text, primary_key: true }
      customers: { type: integer, expr: context.customers }
`;

describe('--shard and --workers refusals', () => {
  let spec: string;
  beforeAll(() => {
    spec = join(mkdtempSync(join(tmpdir(), 'hopify-refusal-')), 'spec.yaml');
    writeFileSync(spec, SPEC);
  });
  afterAll(() => rmSync(dirname(spec), { recursive: true, force: true }));

  it('refuses shard: split on a table a context query reads whole, naming both', async () => {
    const out = join(dirname(spec), 'parts');
    const { status, stderr } = await cliAsync(['run', spec, '--target', `csv:${out}`, '--shard', '1/2']);
    expect(status).toBe(1);
    expect(stderr).toMatch(/^error SPEC_BAD_OPTION .*spec\.yaml:6:12$/m);
    expect(stderr).toContain('tables.customers.shard: table "customers" cannot be split across shards: the context query of segments reads it, so every shard must generate all of it');
    expect(stderr).toContain('hint: remove shard: split');
    expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(existsSync(out)).toBe(false);
  });

  it('runs the same spec whole without --shard: shard: split only matters to shards', async () => {
    const out = join(dirname(spec), 'single');
    expect(await cliAsync(['run', spec, '--target', `csv:${out}`, '--quiet'])).toEqual({ status: 0, stderr: '' });
  });

  it('refuses --shard into a SQLite file: shards would replace each other', async () => {
    const { status, stderr } = await cliAsync(['run', 'specs/examples/shop.yaml', '--out', join(dirname(spec), 'out.db'), '--shard', '0/2']);
    expect(status).toBe(1);
    expect(stderr).toContain('--shard writes parts, which');
    expect(stderr).toContain('csv:<folder> or parquet:<folder>');
  });

  /** The refusal names the option, the target, the measured figure and what to do instead. */
  function expectWorkersRefused(stderr: string, target: string): void {
    expect(stderr).toMatch(/^error SPEC_BAD_OPTION/m);
    expect(stderr).toContain(`--workers writes parts of csv: or parquet: folders, which "${target}" cannot take: into a database`);
    expect(stderr).toMatch(/SQLite, --workers 2: [\d.]+× and [\d.]+× the speed of one process/);
    expect(stderr).toContain('hint: run without --workers');
    expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  }

  it('refuses --workers into a SQLite file and leaves the file as it was', async () => {
    const out = join(dirname(spec), 'workers.db');
    writeFileSync(out, 'previous');
    const { status, stderr } = await cliAsync(['run', 'specs/examples/shop.yaml', '--out', out, '--workers', '2']);
    expect(status).toBe(1);
    expectWorkersRefused(stderr, out);
    expect(readFileSync(out, 'utf8')).toBe('previous');
  });

  it('refuses --workers into a server before connecting to it', async () => {
    // Nothing listens there: a connection attempt would fail with TARGET_UNREACHABLE instead.
    const url = 'postgres://nobody@127.0.0.1:1/none';
    const { status, stderr } = await cliAsync(['run', 'specs/examples/shop.yaml', '--target', url, '--workers', '2']);
    expect(status).toBe(1);
    expectWorkersRefused(stderr, url);
  });

  it.each(['2/2', '1', '-1/3', 'a/b'])('refuses --shard %s', async (shard) => {
    const { status, stderr } = await cliAsync(['run', spec, '--target', `csv:${join(dirname(spec), 'x')}`, '--shard', shard]);
    expect(status).toBe(1);
    expect(stderr).toContain(`--shard "${shard}" is not k/N with 0 ≤ k < N`);
  });
});
