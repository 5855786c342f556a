import { runSpec } from '../helpers/runSpec';

const spec = (select: string) => `
name: float_context
seed: 1
tables:
  items:
    rows: { count: 3 }
    columns:
      item_id: { type: integer, primary_key: true, sequence: {} }
  sums:
    context:
      sql: SELECT item_id, ${select}, '0.30000000000000004' AS label FROM items
      key: item_id
      on: item_id
    rows:
      per_parent: { parent: items, count: { constant: 1 } }
    columns:
      item_id: { type: integer, from: parent.item_id }
      value: { type: real, expr: context.value }
      label: { type: text, from: context.label }
`;

describe('numbers a context query returns', () => {
  const valuesOf = async (select: string) => {
    const run = await runSpec(spec(select));
    try {
      return run.db.prepare('SELECT value, label FROM sums ORDER BY item_id').all() as { value: unknown; label: string }[];
    } finally {
      run.close();
    }
  };

  it('are rounded to 15 significant digits: float noise of a database sum is gone before a row reads it', async () => {
    // SQLite gives 0.30000000000000004 for 0.1 + 0.2, the double nearest the sum of the two doubles.
    const rows = await valuesOf('CAST(0.1 AS REAL) + CAST(0.2 AS REAL) AS value');
    expect(rows.map((r) => r.value)).toEqual([0.3, 0.3, 0.3]);
  });

  it('keep integers, text, and numbers of at most 15 significant digits as they are', async () => {
    const integers = await valuesOf('9007199254740991 - item_id AS value');
    expect(integers.map((r) => r.value)).toEqual([9007199254740990, 9007199254740989, 9007199254740988]);
    expect(integers.map((r) => r.label)).toEqual(['0.30000000000000004', '0.30000000000000004', '0.30000000000000004']);
    expect((await valuesOf('123456789.123456 AS value')).map((r) => r.value)).toEqual([123456789.123456, 123456789.123456, 123456789.123456]);
  });
});
