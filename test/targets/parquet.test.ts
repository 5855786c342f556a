import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { resolveTarget } from '../../engine/targets/resolveTarget';
import { AWKWARD_TEXTS, customerRows, customers, orderRows, orders, writeAndCommit, writeTables } from './tables';

describe('Parquet target', () => {
  let parent: string;
  let folder: string;
  let duckdb: DuckDBInstance;
  beforeAll(async () => {
    duckdb = await DuckDBInstance.create(':memory:');
  });
  afterAll(() => duckdb.closeSync());
  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'hopify-parquet-'));
    folder = join(parent, 'out');
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  const select = async (sql: string) => {
    const connection = await duckdb.connect();
    try {
      return (await connection.runAndReadAll(sql)).getRowObjectsJS();
    } finally {
      connection.closeSync();
    }
  };
  const file = (table: string) => `'${join(folder, `${table}.parquet`)}'`;

  it('writes one typed Parquet file per table that DuckDB reads', async () => {
    await writeAndCommit(resolveTarget(`parquet:${folder}`), [[customers, customerRows()], [orders, orderRows()]]);
    expect(readdirSync(folder).sort()).toEqual(['.hopify-engine', 'customers.parquet', 'orders.parquet']);
    const types = await select(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(${file('customers')}))`);
    expect(types.map((t) => `${t.column_name}:${t.column_type}`)).toEqual(['id:BIGINT', 'name:VARCHAR', 'note:VARCHAR', 'score:DOUBLE', 'active:BOOLEAN', 'born:DATE', 'seen:TIMESTAMP', 'segment:VARCHAR']);
    const rows = await select(
      `SELECT id::INTEGER AS id, name, note, score, active::INTEGER AS active, strftime(born, '%Y-%m-%d') AS born, strftime(seen, '%Y-%m-%d %H:%M:%S') AS seen, segment FROM read_parquet(${file('customers')}) ORDER BY id`,
    );
    expect(rows.map((r) => Object.values(r))).toEqual(customerRows());
    expect(rows.map((r) => r.note).slice(0, AWKWARD_TEXTS.length)).toEqual(AWKWARD_TEXTS);
    expect(await select(`SELECT strftime(placed, '%Y-%m-%d') AS placed FROM read_parquet(${file('orders')}) ORDER BY id LIMIT 2`)).toEqual([{ placed: '2024-03-01' }, { placed: '2024-03-02' }]);
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('leaves the previous files untouched on abort and on a value that does not fit', async () => {
    await writeAndCommit(resolveTarget(`parquet:${folder}`), [[customers, customerRows()]]);
    const before = statSync(join(folder, 'customers.parquet')).mtimeMs;
    const aborted = resolveTarget(`parquet:${folder}`);
    await aborted.open();
    await writeTables(aborted, [[customers, customerRows().slice(0, 2)]]);
    await aborted.abort();

    const bad = orderRows();
    bad[20][0] = 'not a number';
    await expect(writeAndCommit(resolveTarget(`parquet:${folder}`), [[orders, bad]])).rejects.toMatchObject({ problems: [expect.objectContaining({ code: 'TARGET_WRITE_FAILED' })] });
    expect(readdirSync(folder).sort()).toEqual(['.hopify-engine', 'customers.parquet']);
    expect(statSync(join(folder, 'customers.parquet')).mtimeMs).toBe(before);
    expect(Number((await select(`SELECT count(*) AS n FROM read_parquet(${file('customers')})`))[0].n)).toBe(customerRows().length);
    expect(readdirSync(parent)).toEqual(['out']);
  });
});
