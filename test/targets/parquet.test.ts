import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { PART_ROWS } from '../../engine/targets/parquet/parquetTarget';
import { resolveTarget } from '../../engine/targets/resolveTarget';
import type { TableDef, Target } from '../../engine/targets/target';
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

  /** More rows than a staged part holds: `count` rows of (id, a decimal, a date, a text), in the engine's batches. */
  const large: TableDef = {
    name: 'large',
    columns: [
      { name: 'id', type: 'integer', primaryKey: true, notNull: true, unique: false, index: false },
      { name: 'price', type: 'decimal', exact: { kind: 'decimal', precision: 15, scale: 2 }, primaryKey: false, notNull: true, unique: false, index: false },
      { name: 'day', type: 'date', primaryKey: false, notNull: true, unique: false, index: false },
      { name: 'note', type: 'text', primaryKey: false, notNull: false, unique: false, index: false },
    ],
    primaryKey: ['id'],
    indexes: [],
  };
  const writeLarge = async (target: Target, count: number) => {
    await target.createTable(large);
    const batch = 62_500;
    for (let first = 0; first < count; first += batch) {
      const rows = Math.min(batch, count - first);
      const values: unknown[] = [];
      for (let id = first + 1; id <= first + rows; id++) values.push(id, (id % 100_000) / 100 + 0.01, `2024-01-${String((id % 28) + 1).padStart(2, '0')}`, id % 7 ? `note ${id}` : null);
      await target.writeRows(large, values, rows);
    }
  };

  it('writes a table larger than a staged part as one file: every row, in order, whole row groups', async () => {
    const count = 2 * PART_ROWS + 1_234;
    const target = resolveTarget(`parquet:${folder}`);
    await target.open();
    await writeLarge(target, count);
    await target.endTable(large);
    await target.commit();
    expect(readdirSync(folder).sort()).toEqual(['.hopify-engine', 'large.parquet']);
    const [summary] = await select(
      `SELECT count(*)::INTEGER AS n, sum(price)::VARCHAR AS prices, count(note)::INTEGER AS notes, max(day)::VARCHAR AS last_day,
        count(*) FILTER (WHERE id <> position)::INTEGER AS out_of_order
       FROM (SELECT *, row_number() OVER () AS position FROM read_parquet(${file('large')}))`,
    );
    let prices = 0;
    for (let id = 1; id <= count; id++) prices += (id % 100_000) + 1;
    expect(summary).toEqual({ n: count, prices: (prices / 100).toFixed(2), notes: count - Math.floor(count / 7), last_day: '2024-01-28', out_of_order: 0 });
    const groups = await select(`SELECT DISTINCT row_group_id::INTEGER AS id, row_group_num_rows::INTEGER AS rows FROM parquet_metadata(${file('large')}) ORDER BY id`);
    const ROW_GROUP = 122_880;
    expect(groups.map((g) => g.rows)).toEqual([...Array<number>(Math.floor(count / ROW_GROUP)).fill(ROW_GROUP), count % ROW_GROUP]);
    const types = await select(`SELECT column_type FROM (DESCRIBE SELECT * FROM read_parquet(${file('large')}))`);
    expect(types.map((t) => t.column_type)).toEqual(['BIGINT', 'DECIMAL(15,2)', 'DATE', 'VARCHAR']);
  });

  it('leaves no spilled part behind when a run aborts after spilling', async () => {
    const target = resolveTarget(`parquet:${folder}`);
    await target.open();
    await writeLarge(target, PART_ROWS + 10);
    await target.abort();
    expect(readdirSync(parent)).toEqual([]);
  });
});
