import { PluginOptionError, RowError, type RowFn } from '../contract';
import { addUnits, DAY_MS } from '../time/dates';
import { raiseLimitHint, resolveLimits, type Limits } from '../limits';
import { compileNode } from './expressionCode';
import { depthOf, ExpressionSyntaxError, namesIn, parseExpression, TooManyTokens, type Expr } from './expressionSyntax';

/** Names an expression may never reach, whatever the spec declares. */
const FORBIDDEN = /(^|\.)(constructor|__proto__|prototype|process|require|globalThis|global|module|eval|Function|this)(\.|$)/;

/** Functions of the expression language (filtrex's own, then the engine's). */
const FUNCTIONS: Record<string, (...args: never[]) => unknown> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  log: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  max: Math.max,
  min: Math.min,
  round: Math.round,
  sqrt: Math.sqrt,
  exists: (v: unknown) => v !== undefined && v !== null,
  empty: (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0),
  pow: (base: number, exp: number) => base ** exp,
  exp: (x: number) => Math.exp(x),
  clamp: (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x)),
  round_to: (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits,
  coalesce: (...values: unknown[]) => values.find((v) => v !== null && v !== undefined) ?? null,
  lower: (s: string) => String(s).toLowerCase(),
  upper: (s: string) => String(s).toUpperCase(),
  days_between: (from: number, to: number) => (to - from) / DAY_MS,
  add_days: (date: number, days: number) => date + days * DAY_MS,
  add_months: (date: number, months: number) => addUnits(date, months, 'month'),
  year: (date: number) => new Date(date).getUTCFullYear(),
  month: (date: number) => new Date(date).getUTCMonth() + 1,
  weekday: (date: number) => new Date(date).getUTCDay(),
};

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
      throw new PluginOptionError(`expression calls "${name}", which is not a function of the expression language`, `functions: ${Object.keys(FUNCTIONS).join(', ')}`, [], 'SPEC_BAD_EXPRESSION');
    }
  }
  const accessors = new Map([...names].map((name) => [name, read(name)]));
  let evaluate: RowFn;
  try {
    evaluate = compileNode(tree, accessors, FUNCTIONS);
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
