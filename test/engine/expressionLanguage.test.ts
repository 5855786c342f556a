/**
 * The expression compiler against filtrex, whose language it implements: random
 * expressions (printed with and without parentheses, so precedence is exercised) and
 * random rows must give the same value, or both fail with the same message.
 */
import fc from 'fast-check';
import { compileExpression } from 'filtrex';
import { RowError, type Row } from '../../engine/contract';
import { compileSafeExpression } from '../../engine/compile/expression';

const NAMES = ['a', 'b', 's', 'flag', 'none', 'parent.x'];
const read = (path: string) => (row: Row) => row[path];
const ours = (source: string) => compileSafeExpression(source, read);
/** filtrex with the same functions (coalesce, clamp, …) through a name lookup on the row; true and false are our literals, its names. */
const reference = (source: string) => {
  const fn = compileExpression(source, {
    extraFunctions: { clamp: (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x)), coalesce: (...v: unknown[]) => v.find((x) => x !== null && x !== undefined) ?? null },
    customProp: (name: string, _get: unknown, row: unknown) => (row as Row)[name],
  });
  return (row: Row) => fn({ ...row, true: true, false: false });
};

type Outcome = { value: unknown } | { error: string };

/** The value, or the error's expected type: filtrex names a NULL or a list "undefined" where we name it. */
function outcome(evaluate: () => unknown): Outcome {
  const expected = (message: string) => message.replace(/^expression ".*": /s, '').replace(/, but got a .* instead\.$/, '');
  try {
    const value = evaluate();
    return value instanceof Error ? { error: expected(value.message) } : { value };
  } catch (err) {
    return { error: expected(err instanceof RowError ? err.message : (err as Error).message) };
  }
}

const leaf = fc.oneof(
  fc.constantFrom(...NAMES),
  fc.integer({ min: 0, max: 20 }).map(String),
  fc.constantFrom('0.5', '2.25', '"x"', '"a \\" quote"', 'true', 'false'),
);

const BINARY = ['+', '-', '*', '/', '^', 'mod', 'and', 'or', '==', '!=', '<', '<=', '>', '>=', 'in', 'not in'];

const expression: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('e'), fc.constantFrom(...BINARY), tie('e'), fc.boolean()).map(([l, op, r, paren]) => (paren ? `(${l} ${op} ${r})` : `${l} ${op} ${r}`)),
    fc.tuple(tie('e'), fc.constantFrom('<', '<=', '=='), tie('e'), fc.constantFrom('<', '>'), tie('e')).map(([a, o1, b, o2, c]) => `${a} ${o1} ${b} ${o2} ${c}`),
    fc.tuple(fc.constantFrom('-', 'not '), tie('e')).map(([op, e]) => `${op}${e}`),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, t, f]) => `if ${c} then ${t} else ${f}`),
    fc.tuple(fc.constantFrom('abs', 'max', 'min', 'round', 'coalesce', 'clamp', 'exists', 'empty'), fc.array(tie('e'), { minLength: 1, maxLength: 3 })).map(([f, args]) => `${f}(${args.join(', ')})`),
    fc.array(tie('e'), { minLength: 2, maxLength: 3 }).map((items) => `(${items.join(', ')})`),
  ),
})).e;

const row = fc.record({
  a: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -10, max: 10, noNaN: true })),
  b: fc.integer({ min: 0, max: 3 }),
  s: fc.constantFrom('x', 'y', ''),
  flag: fc.boolean(),
  none: fc.constant(null),
  'parent.x': fc.constantFrom(1, 'x', [2]),
});

describe('expression language', () => {
  test('random expressions evaluate as filtrex evaluates them', () => {
    fc.assert(
      fc.property(expression, fc.array(row, { minLength: 1, maxLength: 4 }), (source, rows) => {
        let ref: (row: Row) => unknown;
        try {
          ref = reference(source);
        } catch {
          // filtrex refuses the text: so must we, as a spec error.
          expect(() => ours(source)).toThrow(expect.objectContaining({ code: 'SPEC_BAD_EXPRESSION' }));
          return;
        }
        const compiled = ours(source);
        for (const r of rows) expect(outcome(() => compiled(r))).toEqual(outcome(() => ref(r)));
      }),
      { numRuns: 3000, seed: 20250630 },
    );
  });

  test.each([
    ['1 + 2 * 3 ^ 2 ^ 0.5', {}],
    ['-2 ^ 2', {}],
    ['not a == 1', { a: 1 }],
    ['a < b < 3', { a: 1, b: 2 }],
    ['a < b < 3', { a: 1, b: 5 }],
    ['"SALE" + b', { b: 7 }],
    ['if a >= 3 then "big" else "small"', { a: 3 }],
    ['s in ("x", "y")', { s: 'y' }],
    ['s not in ("x", "y")', { s: 'z' }],
    ['(1, 2) in (1, 2, 3)', {}],
    ['a mod 3', { a: -4 }],
    ['a + 1', { a: null }],
    ['if a then 1 else 2', { a: 1 }],
    ['s ~= "^x"', { s: 'xy' }],
  ])('%s', (source, values) => {
    expect(outcome(() => ours(source)(values as Row))).toEqual(outcome(() => reference(source)(values as Row)));
  });

  test('syntax errors name the place and what to write instead', () => {
    expect(() => ours('a * * 2')).toThrow(/does not parse: unexpected "\*" at column 5/);
    expect(() => ours('a +')).toThrow(/ends too early/);
    expect(() => ours('a % 2')).toThrow(/"%" is written "mod"/);
    expect(() => ours('a ? 1 : 2')).toThrow(/if … then … else/);
    expect(() => ours('x of a')).toThrow(/read a field with a dot/);
    expect(() => ours('"\\n"')).toThrow(/not an escape/);
  });
});
