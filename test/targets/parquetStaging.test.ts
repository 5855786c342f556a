import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { isoDay } from '../../engine/targets/parquet/stagedColumns';
import { resolveTarget } from '../../engine/targets/resolveTarget';
import type { ColumnDef, TableDef } from '../../engine/targets/target';
import { writeAndCommit } from './tables';

const column = (name: string, type: ColumnDef['type'], extra: Partial<ColumnDef> = {}): ColumnDef => ({ name, type, primaryKey: false, notNull: false, unique: false, index: false, ...extra });

/** Decimals and dates are staged as numbers where exact, else as text: either way the file holds what DuckDB's cast of the text gives. */
describe('Parquet staging of decimals and dates', () => {
  let parent: string;
  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'hopify-parquet-staging-'));
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  const amounts: TableDef = {
    name: 'amounts',
    columns: [
      column('id', 'integer', { primaryKey: true }),
      { ...column('price', 'decimal'), exact: { kind: 'decimal', precision: 15, scale: 2 } },
      { ...column('wide', 'decimal'), exact: { kind: 'decimal', precision: 30, scale: 2 } },
      column('day', 'date'),
    ],
    primaryKey: ['id'],
    indexes: [],
  };
  // 1.005 and 0.145 are doubles just below a half cent: not two-place decimals, so they go as text, which DuckDB rounds up.
  const prices = [12.5, 0.29, -999.99, 1.005, 0.145, null, 1234567890123.45, -0.07, 1e-7];
  const days = ['2024-02-29', '1970-01-01', '1969-12-31', null, '0999-12-31', '9999-12-31', '1900-03-01', '2000-02-29', '1992-01-02'];

  it('writes every value as its text would be cast', async () => {
    const folder = join(parent, 'out');
    const rows = prices.map((price, i) => [i, price, price, days[i]]);
    await writeAndCommit(resolveTarget(`parquet:${folder}`), [[amounts, rows]]);
    const duckdb = await DuckDBInstance.create(':memory:');
    try {
      const connection = await duckdb.connect();
      const read = await connection.runAndReadAll(`SELECT price::VARCHAR AS price, wide::VARCHAR AS wide, day::VARCHAR AS day FROM read_parquet('${join(folder, 'amounts.parquet')}') ORDER BY id`);
      const expected = ['12.50', '0.29', '-999.99', '1.01', '0.15', null, '1234567890123.45', '-0.07', '0.00'];
      expect(read.getRowObjectsJS()).toEqual(expected.map((price, i) => ({ price, wide: price, day: days[i] })));
      connection.closeSync();
    } finally {
      duckdb.closeSync();
    }
  });

  it('reads a day number only from an ISO date that exists', () => {
    expect(isoDay('1970-01-01')).toBe(0);
    expect(isoDay('1969-12-31')).toBe(-1);
    expect(isoDay('2024-02-29')).toBe(19782);
    expect([isoDay('2023-02-29'), isoDay('2024-13-01'), isoDay('2024-04-31'), isoDay('0999-12-31'), isoDay('2024-1-01'), isoDay('2024/01/01'), isoDay('20x4-01-01')]).toEqual(Array(7).fill(undefined));
  });
});
