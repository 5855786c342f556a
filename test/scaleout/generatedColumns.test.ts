/**
 * What a shard generates of the chunks it does not write: of a table later tables read,
 * only the columns they read (and what those are made from); of a table nothing reads,
 * nothing. Shown with a column that fails past row 15,000: only the shards that write
 * those rows evaluate it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliAsync, PartReader } from './partFolders';

const SPEC = `
name: generated_columns
seed: 2
tables:
  accounts:
    rows: { count: 25000 }
    columns:
      account_id: { type: integer, primary_key: true, sequence: {} }
      bucket: { type: text, expr: 'if account_id > 15000 then "late" else "early"' }
      score:
        type: real
        by: bucket
        cases:
          early: { uniform: { min: 0, max: 1 } }
  logins:
    rows: { per_parent: { parent: accounts, count: { constant: 1 } } }
    columns:
      login_id: { type: integer, primary_key: true, sequence: {} }
      account_id: { type: integer, from: parent.account_id, references: accounts.account_id }
`;

describe('columns generated for chunks a shard does not write', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hopify-columns-'));
    writeFileSync(join(dir, 'spec.yaml'), SPEC);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const shard = (k: number) => cliAsync(['run', join(dir, 'spec.yaml'), '--target', `csv:${join(dir, 'parts')}`, '--shard', `${k}/3`, '--quiet']);

  it('skips the columns no later table reads: shard 0 writes chunk 0 although chunks 1 and 2 of accounts cannot be written', async () => {
    expect(await shard(0)).toEqual({ status: 0, stderr: '' });
    const reader = await PartReader.open();
    try {
      // Chunk 0 of both tables: the first 10,000 accounts and their logins.
      expect(await reader.rowCount(join(dir, 'parts'), 'logins', 'csv')).toBe(10_000);
      expect(await reader.rowCount(join(dir, 'parts'), 'accounts', 'csv')).toBe(10_000);
    } finally {
      reader.close();
    }
  });

  it('the shard that writes the failing rows reports them', async () => {
    const { status, stderr } = await shard(1);
    expect(status).toBe(1);
    expect(stderr).toContain('accounts.score: no case for bucket = "late"');
  });
});
