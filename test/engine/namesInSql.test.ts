import { namesInSql } from '../../engine/run/namesInSql';

describe('namesInSql: the columns a context query can read on the scratch database', () => {
  it('names every identifier, lower-cased, and nothing in strings', () => {
    const names = namesInSql(`SELECT l_orderkey, SUM("L_Tax" * t.price) AS total, COUNT(*) AS n FROM lineitem t WHERE flag = 'other_column' GROUP BY l_orderkey`);
    expect([...names!].sort()).toEqual(['count', 'flag', 'l_orderkey', 'l_tax', 'lineitem', 'n', 'price', 'sum', 't', 'total']);
  });

  it('names the columns a {{ macro }} reads', () => {
    const names = namesInSql('SELECT {{ days_between(placed, shipped) }} AS days FROM orders')!;
    expect(['placed', 'shipped'].filter((name) => names.has(name))).toEqual(['placed', 'shipped']);
  });

  it('gives up where a query reads columns it does not name', () => {
    expect(namesInSql('SELECT * FROM orders')).toBeUndefined();
    expect(namesInSql('SELECT o.* FROM orders o')).toBeUndefined();
    expect(namesInSql('SELECT id FROM orders NATURAL JOIN items')).toBeUndefined();
    expect(namesInSql('SELECT rowid FROM orders')).toBeUndefined();
    expect(namesInSql('SELECT FROM WHERE')).toBeUndefined();
  });
});
