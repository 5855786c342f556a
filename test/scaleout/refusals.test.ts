/** What cannot be sharded exactly is refused before anything is generated, naming the table and the reason. */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

describe('--shard refusals', () => {
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

  it.each(['2/2', '1', '-1/3', 'a/b'])('refuses --shard %s', async (shard) => {
    const { status, stderr } = await cliAsync(['run', spec, '--target', `csv:${join(dirname(spec), 'x')}`, '--shard', shard]);
    expect(status).toBe(1);
    expect(stderr).toContain(`--shard "${shard}" is not k/N with 0 ≤ k < N`);
  });
});
