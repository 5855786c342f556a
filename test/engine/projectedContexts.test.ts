/** A context query that only projects an earlier table's columns is answered from the values written, with the rows the query would return. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { compileSpecFile } from '../../engine/index';
import { projectionOf } from '../../engine/compile/contextProjection';
import { runCompiled } from '../../engine/run/runCompiled';
import { SqliteTarget } from '../../engine/targets/sqlite/sqliteTarget';
import { sqliteReadBack } from '../../engine/targets/sqlite/sqliteReadBack';
import type { ColumnDef } from '../../engine/targets/target';
import { writeSpec } from '../helpers/runSpec';

const spec = (sql: string) => `
name: projected
seed: 11
as_of: 2025-06-30
tables:
  items:
    rows: { count: 3000 }
    columns:
      item_id: { type: integer, primary_key: true, sequence: {} }
      # Unrounded: the 15-digit rounding of context values applies.
      price: { type: real, uniform: { min: 0, max: 1000 }, null_probability: 0.1 }
      label: { type: text, choice: { values: [alpha, beta, gamma] }, null_probability: 0.1 }
      sold_at: { type: datetime, format: YYYY-MM-DD HH:mm:ss, date_between: { from: 2024-01-01, to: 2024-12-31 } }
      on_sale: { type: boolean, boolean: { probability: 0.3 } }
  lines:
    context:
      sql: ${sql}
      key: item_id
      on: item_id
    rows: { count: 9000 }
    columns:
      line_id: { type: integer, primary_key: true, sequence: {} }
      item_id: { type: integer, ref: items.item_id }
      price: { type: real, expr: "context.price" }
      label: { type: text, expr: "context.label" }
      sold_at: { type: text, expr: "context.sold_at" }
      on_sale: { type: integer, expr: "context.on_sale" }
`;

/** Runs the spec into a SQLite file, with or without the target's read-back; the rows of lines and how many queries ran. */
async function linesOf(sql: string, readBack: boolean): Promise<{ rows: unknown[]; queries: number }> {
  const folder = mkdtempSync(join(tmpdir(), 'hopify-projected-'));
  const target = new SqliteTarget(join(folder, 'out.db'));
  if (!readBack) Object.defineProperty(target, 'readBack', { value: undefined });
  let queries = 0;
  const queryValues = target.queryValues.bind(target);
  target.queryValues = (...args) => (queries++, queryValues(...args));
  try {
    await runCompiled(compileSpecFile(writeSpec(spec(sql))), target);
    const db = new Database(join(folder, 'out.db'), { readonly: true });
    const rows = db.prepare('SELECT * FROM lines ORDER BY line_id').raw(true).all();
    db.close();
    return { rows, queries };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

test('a projection keyed by the primary key reads no rows back, and its rows are those the query returns', async () => {
  const sql = 'SELECT item_id, price, label, sold_at, on_sale FROM items';
  const served = await linesOf(sql, true);
  const queried = await linesOf(sql, false);
  expect(served.queries).toBe(0);
  expect(queried.queries).toBe(1);
  expect(served.rows).toHaveLength(9000);
  expect(served.rows).toEqual(queried.rows);
  // The values are those of items, NULLs included.
  expect(served.rows.some((row) => (row as unknown[])[2] === null)).toBe(true);
});

test('any other query runs', async () => {
  expect((await linesOf('SELECT item_id, price, label, sold_at, on_sale FROM items WHERE item_id > 0', true)).queries).toBe(1);
  expect((await linesOf('SELECT DISTINCT item_id, price, label, sold_at, on_sale FROM items', true)).queries).toBe(1);
});

test('projectionOf reads only SQL that is exactly a projection of one table', () => {
  expect(projectionOf('SELECT order_id, total_amount FROM orders')).toEqual({ table: 'orders', columns: ['order_id', 'total_amount'] });
  expect(projectionOf('select a, "b" from t; -- note')).toEqual({ table: 't', columns: ['a', 'b'] });
  for (const sql of ['SELECT a AS b FROM t', 'SELECT t.a FROM t', 'SELECT a FROM t o', 'SELECT * FROM t', 'SELECT a + 1 FROM t', 'SELECT a FROM t ORDER BY a', 'SELECT a FROM main.t', 'SELECT a FROM t; SELECT b FROM t', 'WITH x AS (SELECT a FROM t) SELECT a FROM x', 'SELECT a FROM t LIMIT 1', 'SELECT a FROM']) {
    expect(projectionOf(sql)).toBeUndefined();
  }
});

test('SQLite reads back only what its column would not convert', () => {
  const column = (type: ColumnDef['type'], primaryKey = false): ColumnDef => ({ name: 'c', type, primaryKey, notNull: false, unique: false, index: false });
  const text = sqliteReadBack(column('text'), 'TEXT');
  expect([text('a'), text(null), text(1.5)]).toEqual(['a', null, undefined]);
  const real = sqliteReadBack(column('real'), 'REAL');
  expect([real(0.1 + 0.2), real(2), real(null), real('2'), real(-0), real(NaN), real(Infinity)]).toEqual([0.1 + 0.2, 2, null, undefined, undefined, undefined, undefined]);
  // A NULL given to an INTEGER PRIMARY KEY becomes a new rowid.
  expect(sqliteReadBack(column('integer', true), 'INTEGER')(null)).toBeUndefined();
  expect(sqliteReadBack(column('decimal'), 'DECIMAL(10,2)')(12.5)).toBe(12.5);
  expect(sqliteReadBack(column('text'), 'VARCHAR(20)')(12)).toBeUndefined();
});
