import { PluginOptionError, RowError, type RowFn } from '../contract';
import { addUnits, DAY_MS } from '../time/dates';
import { raiseLimitHint, resolveLimits, type Limits } from '../limits';
import { compileNode } from './expressionCode';
import { depthOf, ExpressionSyntaxError, namesIn, parseExpression, TooManyTokens, type Expr } from './expressionSyntax';

/** Names an expression may never reach, whatever the spec declares. */
const FORBIDDEN = /(^|\.)(constructor|__proto__|prototype|process|require|globalThis|global|module|eval|Function|this)(\.|$)/;

/** One function of the expression language: its implementation and what the reference says of it. */
export interface ExpressionFunction {
  /** How it is called, as the reference shows it. */
  signature: string;
  summary: string;
  fn: (...args: never[]) => unknown;
}

/** Functions of the expression language (filtrex's own, then the engine's): what the compiler calls and the reference lists. */
export const EXPRESSION_FUNCTIONS: Record<string, ExpressionFunction> = {
  abs: { signature: 'abs(x)', summary: 'the absolute value of x', fn: Math.abs },
  ceil: { signature: 'ceil(x)', summary: 'the smallest whole number not below x', fn: Math.ceil },
  floor: { signature: 'floor(x)', summary: 'the largest whole number not above x', fn: Math.floor },
  log: { signature: 'log(x)', summary: 'the natural logarithm of x', fn: Math.log },
  log2: { signature: 'log2(x)', summary: 'the base-2 logarithm of x', fn: Math.log2 },
  log10: { signature: 'log10(x)', summary: 'the base-10 logarithm of x', fn: Math.log10 },
  max: { signature: 'max(a, b, …)', summary: 'the largest of its numbers', fn: Math.max },
  min: { signature: 'min(a, b, …)', summary: 'the smallest of its numbers', fn: Math.min },
  round: { signature: 'round(x)', summary: 'x rounded to a whole number (halves up)', fn: Math.round },
  sqrt: { signature: 'sqrt(x)', summary: 'the square root of x', fn: Math.sqrt },
  exists: { signature: 'exists(v)', summary: 'true unless v is null', fn: (v: unknown) => v !== undefined && v !== null },
  empty: { signature: 'empty(v)', summary: 'true when v is null, empty text or an empty list', fn: (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) },
  pow: { signature: 'pow(base, exponent)', summary: 'base raised to exponent (as `base ^ exponent`)', fn: (base: number, exp: number) => base ** exp },
  exp: { signature: 'exp(x)', summary: 'e raised to x', fn: (x: number) => Math.exp(x) },
  clamp: { signature: 'clamp(x, lo, hi)', summary: 'x kept within lo … hi', fn: (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x)) },
  round_to: { signature: 'round_to(x, digits)', summary: 'x rounded to `digits` decimal places (a number; `format` gives text)', fn: (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits },
  coalesce: { signature: 'coalesce(a, b, …)', summary: 'the first of its values that is not null, else null', fn: (...values: unknown[]) => values.find((v) => v !== null && v !== undefined) ?? null },
  lower: { signature: 'lower(text)', summary: 'the text in lower case', fn: (s: string) => String(s).toLowerCase() },
  upper: { signature: 'upper(text)', summary: 'the text in upper case', fn: (s: string) => String(s).toUpperCase() },
  pad: { signature: 'pad(value, width[, char])', summary: 'the value (text or number) as text, filled on the left with `char` (one character, "0" when omitted) to `width` characters (at most the value_length limit); longer values are left whole: `pad(7, 3)` is "007"', fn: padWithin(resolveLimits().value_length) },
  format: { signature: 'format(x, decimals)', summary: 'the number as text with exactly `decimals` (0–20) decimal places: `format(2.5, 2)` is "2.50"', fn: format },
  days_between: { signature: 'days_between(from, to)', summary: 'days from one date to another (fractional for times of day)', fn: (from: number, to: number) => (to - from) / DAY_MS },
  add_days: { signature: 'add_days(date, days)', summary: 'the date `days` days later (earlier when negative)', fn: (date: number, days: number) => date + days * DAY_MS },
  add_months: { signature: 'add_months(date, months)', summary: 'the date `months` calendar months later, the day clamped to the month\'s end', fn: (date: number, months: number) => addUnits(date, months, 'month') },
  year: { signature: 'year(date)', summary: 'the date\'s year', fn: (date: number) => new Date(date).getUTCFullYear() },
  month: { signature: 'month(date)', summary: 'the date\'s month, 1–12', fn: (date: number) => new Date(date).getUTCMonth() + 1 },
  weekday: { signature: 'weekday(date)', summary: 'the date\'s day of the week, 0 (Sunday) – 6 (Saturday)', fn: (date: number) => new Date(date).getUTCDay() },
};

const FUNCTIONS: Record<string, (...args: never[]) => unknown> = Object.fromEntries(Object.entries(EXPRESSION_FUNCTIONS).map(([name, entry]) => [name, entry.fn]));

/** What a run gives every expression to read by name, unless the table has a column of that name (the column wins). */
export const RUN_NAMES: Record<string, { summary: string; value: (run: { asOf: number; scale: number }) => unknown }> = {
  as_of: { summary: "the dataset's today (`as_of`, or `--as-of`) as a date", value: (run) => run.asOf },
  scale: { summary: 'the run\'s scale factor (`--scale`, 1 when not given)', value: (run) => run.scale },
};

/** `pad` making at most `maxLength` characters: a wider width is the spec's error on the row, as any value past value_length is. */
function padWithin(maxLength: number) {
  return (value: unknown, width: unknown, char: unknown = '0'): string => {
    if (typeof value !== 'number' && typeof value !== 'string') throw new TypeError(`pad: the value must be text or a number, not ${value === null || value === undefined ? 'null' : typeof value}`);
    if (typeof width !== 'number' || !Number.isInteger(width) || width < 0) throw new TypeError('pad: the width must be a whole number, 0 or more');
    if (width > maxLength) throw new TypeError(`pad: width ${width} is more than the value_length limit (${maxLength})`);
    if (typeof char !== 'string' || [...char].length !== 1) throw new TypeError('pad: the fill must be one character');
    return String(value).padStart(width, char);
  };
}

/** The functions as the compiler calls them, `pad` bounded by this run's value_length. */
export function functionsWithin(limits: Limits): Record<string, (...args: never[]) => unknown> {
  return limits.value_length === resolveLimits().value_length ? FUNCTIONS : { ...FUNCTIONS, pad: padWithin(limits.value_length) };
}

function format(x: unknown, decimals: unknown): string {
  if (typeof x !== 'number') throw new TypeError(`format: the value must be a number, not ${x === null || x === undefined ? 'null' : typeof x}`);
  if (typeof decimals !== 'number' || !Number.isInteger(decimals) || decimals < 0 || decimals > 20) throw new TypeError('format: decimals must be a whole number from 0 to 20');
  return x.toFixed(decimals);
}

const SYNTAX_HINT = 'operators: + - * / ^ mod, == != < <= > >=, and or not, in, if … then … else …; strings in "double quotes"';

/**
 * Compiles a spec expression (a sandboxed language: no access to JavaScript objects,
 * globals or code) into a closure per node of its tree. Every name resolves through
 * `read` at compile time, so unknown names fail validation, not the run. Its size and
 * nesting are bounded by `limits` (expression_tokens, expression_depth).
 */
export function compileSafeExpression(source: string, read: (path: string) => RowFn, limits: Limits = resolveLimits()): RowFn {
  const shown = source.length > 80 ? `${source.slice(0, 80)}…` : source;
  let tree: Expr;
  try {
    tree = parseExpression(source, limits.expression_tokens);
  } catch (err) {
    if (err instanceof TooManyTokens) {
      const limit = limits.expression_tokens.toLocaleString('en-US');
      throw new PluginOptionError(`expression "${shown}" has more than ${limit} tokens (the first over the limit at column ${err.column})`, raiseLimitHint('expression_tokens', limits), [], 'SPEC_TOO_COSTLY');
    }
    throw syntaxProblem(err, shown);
  }
  const depth = depthOf(tree);
  if (depth > limits.expression_depth) {
    throw new PluginOptionError(`expression "${shown}" nests ${depth.toLocaleString('en-US')} levels deep, more than ${limits.expression_depth.toLocaleString('en-US')}`, raiseLimitHint('expression_depth', limits), [], 'SPEC_TOO_COSTLY');
  }
  const { names, functions } = namesIn(tree);
  for (const name of [...names, ...functions]) {
    if (FORBIDDEN.test(name)) {
      throw new PluginOptionError(`expression reaches for "${name}", which is not allowed`, 'expressions read columns, parent.*, params.* and context.* only', [], 'SPEC_BAD_EXPRESSION');
    }
  }
  for (const name of functions) {
    if (!Object.hasOwn(FUNCTIONS, name)) {
      throw new PluginOptionError(`expression calls "${name}", which is not a function of the expression language`, `functions: ${Object.keys(FUNCTIONS).join(', ')} (docs/reference.md#expressions)`, [], 'SPEC_BAD_EXPRESSION');
    }
  }
  const accessors = new Map([...names].map((name) => [name, read(name)]));
  let evaluate: RowFn;
  try {
    evaluate = compileNode(tree, accessors, functionsWithin(limits));
  } catch (err) {
    throw syntaxProblem(err, shown);
  }
  return (row) => {
    try {
      return evaluate(row);
    } catch (err) {
      // A value of the wrong type (text where a number is needed, a NULL) is the spec's fault on this row.
      throw new RowError(`expression "${shown}": ${(err as Error).message}`);
    }
  };
}

/** A syntax error (or a `~=` pattern RE2 refuses) as the spec's problem; anything else is rethrown. */
function syntaxProblem(err: unknown, shown: string): unknown {
  if (!(err instanceof ExpressionSyntaxError)) return err;
  return new PluginOptionError(`expression "${shown}" does not parse: ${err.message}`, err.hint ?? SYNTAX_HINT, [], 'SPEC_BAD_EXPRESSION');
}
