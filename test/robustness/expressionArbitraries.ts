import type fc from 'fast-check';
import { stringify } from 'yaml';
import { drawn, type Draw } from './draw';
import type { FuzzCase } from './specInvariants';

/**
 * Expression cases: deep nesting (parentheses, prefix operators, `^` chains, nested calls
 * and `if`s, mixed), long flat chains (`+`, `and`, `or`, chained comparisons) and regexes
 * that backtrack catastrophically on a long value, with sizes from tiny to far past the
 * expression limits, in an `expr:` column, a `chance:` probability, a `link` driver's
 * `where:` or a `by:` (which takes a name, not an expression).
 */
export function expressionCase(): fc.Arbitrary<FuzzCase> {
  return drawn((draw) => ({ files: { 'fuzz-spec.yaml': expressionSpec(draw) }, spec: 'fuzz-spec.yaml' }));
}

/** The names an expression reads where it is placed: a number and a text. */
interface Names {
  number: string;
  text: string;
}

/** An expression and whether it gives a boolean (its column's type). */
interface Drawn {
  text: string;
  boolean: boolean;
}

/** Regexes that backtrack exponentially (or polynomially) in a backtracking engine on `aaa…a!`. */
const CATASTROPHIC = ['(a+)+$', '(a|a)+$', '(a|aa)+$', '(a*)*$', '^(a+)+b', '(.*a){25}', '(a?){30}a{30}', '^(\\w+\\s?)*$', '(a+)+(b|c)'];

/** Regexes a linear-time engine does not take (backreferences, lookaround), that no engine takes, or that are huge. */
const UNUSUAL_REGEXES = ['(a)\\1', '(?=a)a', '(?<=a)b', '(?!b)a', '\\p{L}+', '(', '[', 'a{100000}', '((a{1000}){1000}){1000}', '(?i)A+', '', '.*', '[^]', '\\'];

function expressionSpec(draw: Draw): string {
  const position = draw.one(['expr', 'expr', 'expr', 'chance', 'where', 'by'] as const);
  const names: Names = position === 'where' ? { number: 'left.n', text: 'left.s' } : { number: 'n', text: 's' };
  const expression = drawExpression(draw, names);
  const value = 'a'.repeat(draw.size(100_000)) + '!';
  const t = {
    rows: { count: 3 },
    columns: {
      n: { type: 'integer', primary_key: true, sequence: {} },
      s: { type: 'text', constant: value },
      ...(position === 'expr' ? { x: { type: expression.boolean ? 'boolean' : 'real', expr: expression.text } } : {}),
      ...(position === 'chance' ? { x: { type: 'integer', chance: expression.text } } : {}),
      ...(position === 'by' ? { x: { type: 'real', by: expression.text, cases: { a: { constant: 1 } }, constant: 0 } } : {}),
    },
  };
  const tables: Record<string, unknown> = { t };
  if (position === 'where') {
    tables.u = { rows: { count: 3 }, columns: { m: { type: 'integer', primary_key: true, sequence: {} } } };
    tables.pairs = {
      rows: { link: { left: { table: 't', fields: ['n', 's'] }, right: { table: 'u', fields: ['m'] }, where: expression.text } },
      columns: { n: { type: 'integer', from: 'left.n' }, m: { type: 'integer', from: 'right.m' } },
    };
  }
  return stringify({ name: 'fuzz-expressions', seed: 1, as_of: '2025-06-30', params: { k: 2 }, tables }, { lineWidth: 0 });
}

function drawExpression(draw: Draw, names: Names): Drawn {
  const atom = () => draw.one([names.number, '1', '2.5', 'params.k', `coalesce(${names.number}, 0)`]);
  const repeat = (unit: string, times: number) => unit.repeat(times);
  const chain = (operator: string, term: () => string, max: number) => Array.from({ length: draw.size(max) + 1 }, term).join(` ${operator} `);
  return draw.weighted<Drawn>([
    [3, () => ({ text: nested(draw, names, atom), boolean: false })],
    [2, () => {
      const depth = draw.size(20_000);
      return { text: `${repeat('(', depth)}${atom()}${repeat(')', depth + (draw.chance(0.1) ? draw.int(-1, 1) : 0))}`, boolean: false };
    }],
    [2, () => {
      const prefix = draw.one(['-', '- ', '-(']);
      const depth = draw.size(30_000);
      return { text: `${repeat(prefix, depth)}${atom()}${prefix === '-(' ? repeat(')', depth) : ''}`, boolean: false };
    }],
    [2, () => ({ text: `${repeat('not ', draw.size(30_000))}true`, boolean: true })],
    [2, () => ({ text: chain('^', () => draw.one(['1', '2', '1.0001']), 30_000), boolean: false })],
    [2, () => ({ text: chain(draw.one(['+', '-', '*', '/']), atom, 150_000), boolean: false })],
    [2, () => ({ text: chain(draw.one(['and', 'or']), () => draw.one(['true', 'false', `${names.number} > 1`]), 100_000), boolean: true })],
    [1, () => ({ text: chain(draw.one(['<', '<=', '==', '!=']), atom, 20_000), boolean: true })],
    [2, () => {
      const [open, close] = draw.one([['abs(', ')'], ['max(1, ', ')'], ['coalesce(', ', 0)'], ['round(', ')'], ['clamp(', ', 0, 9)'], ['pow(2, ', ')']] as const);
      const depth = draw.size(20_000);
      return { text: `${repeat(open, depth)}${atom()}${repeat(close, depth)}`, boolean: false };
    }],
    [2, () => {
      const depth = draw.size(20_000);
      return { text: `${repeat('if true then ', depth)}${atom()}${repeat(' else 0', depth)}`, boolean: false };
    }],
    [4, () => ({ text: regexMatch(draw, names), boolean: true })],
  ]);
}

/** `depth` levels of operators, calls and `if`s mixed, each holding the level below once (the text grows linearly with depth). */
function nested(draw: Draw, names: Names, atom: () => string): string {
  const wrappers: ((inner: string) => string)[] = [
    (e) => `(${e})`,
    (e) => `-(${e})`,
    (e) => `not (${e})`,
    (e) => `abs(${e})`,
    (e) => `${atom()} + ${e}`,
    (e) => `${e} * ${atom()}`,
    (e) => `2 ^ (${e})`,
    (e) => `if ${names.number} > 1 then ${e} else ${atom()}`,
    (e) => `max(${atom()}, ${e})`,
    (e) => `coalesce(${e}, 0)`,
    (e) => `(${e}) == 1`,
    (e) => `(${e}) and true`,
    (e) => `(${names.text} ~= "a+") or (${e})`,
  ];
  let text = atom();
  for (let level = draw.size(5_000); level > 0; level--) text = draw.one(wrappers)(text);
  return text;
}

function regexMatch(draw: Draw, names: Names): string {
  const pattern = draw.chance(0.7) ? draw.one(CATASTROPHIC) : draw.chance(0.8) ? draw.one(UNUSUAL_REGEXES) : 'a'.repeat(draw.size(100_000));
  const quoted = JSON.stringify(pattern);
  const match = draw.one([`${names.text} ~= ${quoted}`, `not (${names.text} ~= ${quoted})`, `(${names.text} ~= ${quoted}) and (${names.text} ~= ${quoted})`]);
  return draw.chance(0.2) ? Array.from({ length: draw.size(50) }, () => match).join(' or ') : match;
}
