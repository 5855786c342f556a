import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { openSource } from '../../engine/init/openSource';
import { cli, type CliResult } from '../helpers/cli';
import { describeWithServer, MYSQL, POSTGRES } from '../targets/servers';
import { differences } from './compareSources';

/**
 * The round trip of issue #18: a database the engine made from a spec, `init --from` it,
 * validate and run the spec it wrote, and compare the copy with the source (compareSources.ts).
 * Small scales keep each case to a few seconds.
 */
const SPECS = [
  { name: 'shop', spec: 'specs/examples/shop.yaml', scale: '0.5', compares: ['customers.segment', 'orders.status', 'products.price', 'order_items.quantity'] },
  { name: 'gym', spec: 'specs/examples/gym.yaml', scale: '0.05', compares: ['members.plan', 'visits.minutes', 'payments.amount', 'payments.method'] },
  { name: 'tpch', spec: 'specs/examples/tpch.yaml', scale: '0.01', compares: ['lineitem.l_returnflag', 'lineitem.l_extendedprice', 'orders.o_orderpriority', 'customer.c_acctbal'] },
  { name: 'v15', spec: 'specs/v15.yaml', scale: '0.02', compares: ['customers.customer_segment', 'subscriptions.plan_type', 'orders.total_amount'] },
];

/**
 * What the profiler does not carry over yet, as the comparison words it (the start of each
 * line): allowed here, and only here. Each must still show, so a fix fails here until its line
 * is taken off.
 */
const KNOWN_GAPS: Record<string, string[]> = {};
const TIMEOUT = { timeoutMs: 120_000 };

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'hopify-roundtrip-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const succeeded = (result: CliResult): CliResult => {
  if (result.status !== 0) throw new Error(`exit ${result.status}:\n${result.stderr}`);
  return result;
};

/** init --from `from` → validate → run into a SQLite copy; the copy's foreign keys all hold; what differs from the source. */
async function roundTrip(name: string, from: string, extra: string[] = []): Promise<{ found: string[]; compared: string[] }> {
  const spec = join(dir, `${name}.yaml`);
  const copy = join(dir, `${name}-copy.db`);
  succeeded(cli(['init', '--from', from, ...extra, '--out', spec], TIMEOUT));
  succeeded(cli(['validate', spec], TIMEOUT));
  succeeded(cli(['run', spec, '--out', copy, '--quiet'], TIMEOUT));
  const db = new Database(copy, { readonly: true });
  expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
  db.close();
  const [source, made] = [await openSource(from, { schema: extra[1] }), await openSource(copy)];
  try {
    return await differences(source, made);
  } finally {
    await source.close();
    await made.close();
  }
}

describe('init --from round trip on SQLite', () => {
  it.each(SPECS)('$name: the copy has the same tables and keys, row counts, categories and means', async ({ name, spec, scale, compares }) => {
    const source = join(dir, `${name}.db`);
    succeeded(cli(['run', spec, '--out', source, '--scale', scale, '--quiet'], TIMEOUT));
    const { found, compared } = await roundTrip(name, source);
    expect(compared).toEqual(expect.arrayContaining(compares));
    const known = KNOWN_GAPS[name] ?? [];
    expect(found.filter((line) => !known.some((gap) => line.startsWith(gap)))).toEqual([]);
    expect(known.filter((gap) => !found.some((line) => line.startsWith(gap)))).toEqual([]);
  }, 300_000);
});

describeWithServer(POSTGRES, 'init --from round trip on PostgreSQL', (url) => {
  const schema = `hopify_roundtrip_${randomBytes(4).toString('hex')}`;
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  it('shop: the copy has the same tables and keys, row counts, categories and means', async () => {
    succeeded(cli(['run', 'specs/examples/shop.yaml', '--target', url, '--schema', schema, '--create', '--scale', '0.5', '--quiet'], TIMEOUT));
    const { found, compared } = await roundTrip('shop-postgres', url, ['--schema', schema]);
    expect(found).toEqual([]);
    expect(compared).toEqual(expect.arrayContaining(SPECS[0].compares));
  }, 300_000);
});

describeWithServer(MYSQL, 'init --from round trip on MariaDB/MySQL', (url) => {
  const database = `hopify_roundtrip_${randomBytes(4).toString('hex')}`;
  const sourceUrl = Object.assign(new URL(url), { pathname: `/${database}` }).toString();
  afterAll(async () => {
    const admin = await mysql.createConnection({ uri: url });
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin.end();
  });

  it('shop: the copy has the same tables and keys, row counts, categories and means', async () => {
    succeeded(cli(['run', 'specs/examples/shop.yaml', '--target', sourceUrl, '--create', '--scale', '0.5', '--quiet'], TIMEOUT));
    const { found, compared } = await roundTrip('shop-mysql', sourceUrl);
    expect(found).toEqual([]);
    expect(compared).toEqual(expect.arrayContaining(SPECS[0].compares));
  }, 300_000);
});
