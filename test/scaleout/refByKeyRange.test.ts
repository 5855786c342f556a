/**
 * A `ref:` to a sequence key computes the key from the picked row's index and the
 * referenced table's row count, so the referenced table is not kept and is split across
 * shards like a table nothing reads; the union of the parts is still the single run.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileSpec } from '../../engine/compile/compileSpec';
import { planShares } from '../../engine/shard/shardPlan';
import { loadSpec } from '../../engine/spec/load';
import { cliAsync, PartReader } from './partFolders';

// 25,000 customers: three chunks, one per shard of three.
const SPEC = `
name: ref_by_key_range
seed: 5
as_of: 2025-06-30
tables:
  customers:
    rows: { count: 25000 }
    columns:
      customer_id: { type: integer, primary_key: true, sequence: { start: 1000, step: 3 } }
      segment: { type: text, choice: { consumer: 7, business: 3 } }
      signup_date: { type: date, date_between: { from: -3 years, to: as_of } }
  orders:
    rows: { count: 40000 }
    columns:
      order_id: { type: integer, primary_key: true, sequence: {} }
      customer_id: { type: integer, not_null: true, ref: customers.customer_id }
      amount: { type: real, lognormal: { median: 30, sigma: 0.6, round: 2 } }
`;

/** The same orders, but each also reads its customer's segment: that column must be kept, so customers is read whole. */
const READS_SEGMENT = SPEC.replace(
  '      amount:',
  '      segment: { type: text, from: customer_id.segment }\n      amount:',
);

describe('references into a split table by key range', () => {
  let dir: string;
  let reader: PartReader;
  const specAt = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hopify-keyrange-'));
    reader = await PartReader.open();
  });
  afterAll(() => {
    reader.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps no column of the referenced table, so the shard plan splits it', () => {
    const compiled = compileSpec(loadSpec(specAt('plan.yaml', SPEC)));
    const customers = compiled.tables.get('customers')!;
    expect(customers.store.keptColumns).toEqual([]);
    expect(planShares(compiled, { index: 1, count: 3 }).get('customers')!.wholeBecause).toBeUndefined();
  });

  it('a reference that reads another column keeps it, and the table is read whole', () => {
    const compiled = compileSpec(loadSpec(specAt('reads.yaml', READS_SEGMENT)));
    expect(compiled.tables.get('customers')!.store.keptColumns).toEqual(['segment']);
    expect(planShares(compiled, { index: 1, count: 3 }).get('customers')!.wholeBecause).toBe('orders reads it');
  });

  it('three shards write three parts of the referenced table; the union equals the single run', async () => {
    const spec = specAt('spec.yaml', SPEC);
    const run = (...args: string[]) => cliAsync(['run', spec, '--quiet', ...args]);
    const runs = await Promise.all([run('--target', `csv:${join(dir, 'single')}`), ...[0, 1, 2].map((k) => run('--target', `csv:${join(dir, 'parts')}`, '--shard', `${k}/3`))]);
    for (const result of runs) expect(result).toEqual({ status: 0, stderr: '' });

    expect(readdirSync(join(dir, 'parts', 'customers')).sort()).toEqual(['part-00000.csv', 'part-00001.csv', 'part-00002.csv']);
    const customerParts = await Promise.all([0, 1, 2].map((k) => reader.rowCount(join(dir, 'parts'), join('customers', `part-0000${k}`), 'csv')));
    expect(customerParts).toEqual([10_000, 10_000, 5_000]);
    for (const table of ['customers', 'orders']) {
      expect(await reader.canonicalRows(join(dir, 'parts'), table, 'csv')).toEqual(await reader.canonicalRows(join(dir, 'single'), table, 'csv'));
    }

    // Shard 0 generated only the first 10,000 customers (keys up to 1000 + 3 · 9,999), yet its orders point at all 25,000.
    const shard0Keys = (await reader.canonicalRows(join(dir, 'parts'), join('orders', 'part-00000'), 'csv')).map((row) => Number(JSON.parse(row)[1]));
    expect(shard0Keys.filter((key) => key > 1000 + 3 * 9_999).length).toBeGreaterThan(5_000);
    expect(shard0Keys.every((key) => key >= 1000 && key <= 1000 + 3 * 24_999 && (key - 1000) % 3 === 0)).toBe(true);
  });
});
