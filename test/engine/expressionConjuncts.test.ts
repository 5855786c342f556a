import { PluginOptionError, RowError, type Row } from '../../engine/contract';
import { compileSafeExpression } from '../../engine/compile/expression';
import { compileConjuncts } from '../../engine/compile/expressionConjuncts';

const read = (path: string) => (row: Row) => row[path];

describe('compileConjuncts', () => {
  test('splits top-level ands (nested ones too) and comparison chains into neighbour pairs', () => {
    const parts = compileConjuncts('c.from <= day < c.to and (x > 1 and not y) and (p or q)', read);
    expect(parts.map((part) => part.comparison && [part.comparison.left.name, part.comparison.op, part.comparison.right.name])).toEqual([
      ['c.from', '<=', 'day'],
      ['day', '<', 'c.to'],
      ['x', '>', undefined],
      undefined,
      undefined,
    ]);
  });

  test('each side knows the names it reads and is one name only when it is just that', () => {
    const [part] = compileConjuncts('add_days(day, -3) >= c.from', read);
    expect(part.comparison!.left).toEqual(expect.objectContaining({ names: ['day'], name: undefined }));
    expect(part.comparison!.right).toEqual(expect.objectContaining({ names: ['c.from'], name: 'c.from' }));
    expect(part.comparison!.left.value({ day: 10 })).toBe(10 - 3 * 86_400_000);
  });

  test('the parts all hold exactly when the whole condition does', () => {
    const source = 'a <= b < c and (s == "x" or a > 5) and b != 4';
    const whole = compileSafeExpression(source, read);
    const parts = compileConjuncts(source, read);
    for (let a = 0; a < 8; a++) {
      for (let b = 0; b < 8; b++) {
        for (const s of ['x', 'y']) {
          const row = { a, b, c: 6, s };
          expect([row, parts.every((part) => part.test(row))]).toEqual([row, whole(row)]);
        }
      }
    }
  });

  test('a part that is not true or false, and a type error, are the row’s errors', () => {
    const [notBoolean] = compileConjuncts('a + 1', read);
    expect(() => notBoolean.test({ a: 1 })).toThrow(RowError);
    const [typeError] = compileConjuncts('a < 3', read);
    expect(() => typeError.test({ a: 'text' })).toThrow(/expression "a < 3"/);
  });

  test('refuses what the expression compiler refuses, and resolves every name through read', () => {
    expect(() => compileConjuncts('a <', read)).toThrow(PluginOptionError);
    expect(() => compileConjuncts('nope(a) and b', read)).toThrow(/not a function/);
    const asked: string[] = [];
    compileConjuncts('a < b and b < c', (path) => (asked.push(path), read(path)));
    expect(asked.sort()).toEqual(['a', 'b', 'c']);
  });
});
