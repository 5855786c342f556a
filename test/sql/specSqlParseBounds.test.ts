/**
 * Every parse of spec SQL is bounded as the gate is, not only the gate's own: compiling a
 * spec also reads a context query's result columns, and a run the names a query states,
 * and both parse SQL the gate may have refused. Unbounded, a long-lived process (a fuzzer,
 * a server validating specs) hung on a query 370 parentheses deep with one left open: a
 * fresh process stopped on a stack overflow, one whose parser V8 had optimised did not.
 */
import { namesInSql } from '../../engine/run/namesInSql';
import { parseSpecSql } from '../../engine/sql/parseSpecSql';
import { resultColumnNames } from '../../engine/sql/resultColumns';
import { SqlRefusal } from '../../engine/sql/sqlRefusal';
import { MAX_SQL_GROUPING_DEPTH, MAX_SQL_MACROS } from '../../engine/sql/sqlSizeBounds';

/** A query whose first column nests `depth` grouping parentheses, closing `depth + missing` of them. */
const nested = (depth: number, missing = 0) => `SELECT ${'('.repeat(depth)}1${')'.repeat(depth - missing)} AS k, 2 AS n FROM customers`;
const withMacros = (count: number) => `SELECT ${Array.from({ length: count }, () => '{{ month(signup_date) }}').join(' || ')} AS k, 2 AS n FROM customers`;

describe('parsing spec SQL', () => {
  it('refuses grouping parentheses past the bound before the parser starts, at the first one too deep', () => {
    expect(parseSpecSql(nested(MAX_SQL_GROUPING_DEPTH), 'sqlite').program.statements).toHaveLength(1);
    for (const dialect of ['sqlite', 'postgresql', 'mariadb'] as const) {
      let refusal: unknown;
      try {
        parseSpecSql(nested(MAX_SQL_GROUPING_DEPTH + 1), dialect);
      } catch (err) {
        refusal = err;
      }
      expect(refusal).toBeInstanceOf(SqlRefusal);
      expect((refusal as SqlRefusal).message).toMatch(`nests parentheses more than ${MAX_SQL_GROUPING_DEPTH} deep`);
      expect((refusal as SqlRefusal).offset).toBe('SELECT '.length + MAX_SQL_GROUPING_DEPTH);
    }
  });

  it("reads a query's result columns within the bounds, and none past them", () => {
    expect(resultColumnNames(nested(MAX_SQL_GROUPING_DEPTH), 'sqlite')).toEqual(['k', 'n']);
    expect(resultColumnNames(nested(MAX_SQL_GROUPING_DEPTH + 1), 'postgresql')).toBeUndefined();
    expect(resultColumnNames(withMacros(MAX_SQL_MACROS), 'sqlite')).toEqual(['k', 'n']);
    expect(resultColumnNames(withMacros(MAX_SQL_MACROS + 1), 'mariadb')).toBeUndefined();
    // The fuzz finding: a stack overflow no longer decides whether this ends.
    expect(resultColumnNames(nested(370, 1), 'sqlite')).toBeUndefined();
  });

  it('reads the names a query states within the bounds, and none past them', () => {
    expect(namesInSql(nested(MAX_SQL_GROUPING_DEPTH))).toEqual(new Set(['k', 'n', 'customers']));
    expect(namesInSql(nested(MAX_SQL_GROUPING_DEPTH + 1))).toBeUndefined();
    expect(namesInSql(withMacros(MAX_SQL_MACROS))).toContain('signup_date');
    expect(namesInSql(withMacros(MAX_SQL_MACROS + 1))).toBeUndefined();
  });
});
