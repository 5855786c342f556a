import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { isoDay } from '../../engine/targets/parquet/stagedColumns';
import { resolveTarget } from '../../engine/targets/resolveTarget';
import type { ColumnDef, TableDef } from '../../engine/targets/target';
import { writeAndCommit } from './tables';

const column = (name: string, type: ColumnDef['type'], extra: Partial<ColumnDef> = {}): ColumnDef => ({ name, type, primaryKey: false, notNull: false, unique: false, index: false, ...extra });

/** Decimals and dates are staged as numbers: the file must hold what DuckDB's cast of their text gives, as when they were staged as text. */
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
  // 1.005 and 0.145 are doubles just below a half cent, not two-place decimals: their text rounds up.
  const prices = [12.5, 0.29, -999.99, 1.005, 0.145, null, 1234567890123.45, -0.07, 1e-7];
  const days = ['2024-02-29', '1970-01-01', '1969-12-31', null, '0999-12-31', '9999-12-31', '1900-03-01', '2000-02-29', '0045-03-01'];

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

  it('writes any double of a decimal column as DuckDB casts its text', async () => {
    // Doubles with up to 17 digits, most of them not two-place decimals.
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const values = Array.from({ length: 5000 }, (_, i) => (next() - 0.5) * 10 ** ((i % 12) - 2));
    const folder = join(parent, 'many');
    await writeAndCommit(resolveTarget(`parquet:${folder}`), [[amounts, values.map((price, i) => [i, price, price, null])]]);
    const duckdb = await DuckDBInstance.create(':memory:');
    try {
      const connection = await duckdb.connect();
      const read = await connection.runAndReadAll(`SELECT price::VARCHAR AS price, wide::VARCHAR AS wide FROM read_parquet('${join(folder, 'amounts.parquet')}') ORDER BY id`);
      const texts = values.map((v) => `'${v}'`).join(', ');
      const cast = await connection.runAndReadAll(`SELECT CAST(v AS DECIMAL(15,2))::VARCHAR AS price FROM (SELECT unnest([${texts}]) AS v, generate_subscripts([${texts}], 1) AS i) ORDER BY i`);
      const expected = cast.getRowObjectsJS().map((r) => ({ price: r.price, wide: r.price }));
      expect(read.getRowObjectsJS()).toEqual(expected);
      connection.closeSync();
    } finally {
      duckdb.closeSync();
    }
  });

  it('reads a day number from an ISO date that exists, and fails on any other', () => {
    expect(isoDay('1970-01-01')).toBe(0);
    expect(isoDay('1969-12-31')).toBe(-1);
    expect(isoDay('2024-02-29')).toBe(19782);
    expect(isoDay('0001-01-01')).toBe(-719162);
    for (const text of ['2023-02-29', '2024-13-01', '2024-04-31', '2024-1-01', '2024/01/01', '20x4-01-01']) expect(() => isoDay(text)).toThrow(`"${text}"`);
  });
});
