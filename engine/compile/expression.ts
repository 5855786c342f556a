import { compileExpression } from 'filtrex';
import { PluginOptionError, RowError, type Row, type RowFn } from '../contract';
import { addUnits, DAY_MS } from '../time/dates';

/** Names an expression may never reach, whatever the spec declares. */
const FORBIDDEN = /(^|\.)(constructor|__proto__|prototype|process|require|globalThis|global|module|eval|Function|this)(\.|$)/;

const KEYWORDS = new Set(['and', 'or', 'not', 'if', 'then', 'else', 'in', 'of', 'true', 'false', 'mod']);

/** filtrex's own functions. */
const FILTREX_FUNCTIONS = ['abs', 'ceil', 'floor', 'log', 'log2', 'log10', 'max', 'min', 'round', 'sqrt', 'exists', 'empty'];

/** Functions available in expressions besides filtrex's own. */
const FUNCTIONS: Record<string, (...args: never[]) => unknown> = {
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

const KNOWN_FUNCTIONS = new Set([...FILTREX_FUNCTIONS, ...Object.keys(FUNCTIONS)]);

/** The names an expression reads and the functions it calls (not keywords or literals), found without running it. */
export function expressionNames(source: string): { names: string[]; functions: string[] } {
  const names = new Set<string>();
  const functions = new Set<string>();
  const lexeme = /\s+|"(?:\\.|[^"\\])*"|'((?:\\.|[^'\\])*)'|(\d+(?:\.\d+)?(?:e[+-]?\d+)?)|([A-Za-z_$][\w$.]*)(\s*\()?|(.)/gy;
  let m: RegExpExecArray | null;
  while ((m = lexeme.exec(source)) !== null && m[0] !== '') {
    if (m[1] !== undefined) names.add(m[1]);
    else if (m[3] === undefined || KEYWORDS.has(m[3])) continue;
    else if (m[4]) functions.add(m[3]);
    else names.add(m[3]);
  }
  return { names: [...names], functions: [...functions] };
}

/**
 * Compiles a spec expression with filtrex (a sandboxed language: no access to
 * JavaScript objects, globals or code). Every name resolves through `read` at
 * compile time, so unknown names fail validation, not the run.
 */
export function compileSafeExpression(source: string, read: (path: string) => RowFn): RowFn {
  const accessors = new Map<string, RowFn>();
  const { names, functions } = expressionNames(source);
  for (const name of [...names, ...functions]) {
    if (FORBIDDEN.test(name)) {
      throw new PluginOptionError(`expression reaches for "${name}", which is not allowed`, 'expressions read columns, parent.*, params.* and context.* only', [], 'SPEC_BAD_EXPRESSION');
    }
  }
  for (const name of functions) {
    if (!KNOWN_FUNCTIONS.has(name)) {
      throw new PluginOptionError(`expression calls "${name}", which is not a function of the expression language`, `functions: ${[...KNOWN_FUNCTIONS].join(', ')}`, [], 'SPEC_BAD_EXPRESSION');
    }
  }
  for (const name of names) accessors.set(name, read(name));
  let compiled: (data: unknown) => unknown;
  try {
    compiled = compileExpression(source, {
      extraFunctions: FUNCTIONS,
      customProp: (name: string, _get: unknown, row: unknown) => accessors.get(name)!(row as Row),
    });
  } catch (err) {
    throw new PluginOptionError(`expression "${source}" does not parse: ${(err as Error).message.split('\n')[0]}`, 'operators: + - * / ^ mod, == != < <= > >=, and or not, if … then … else …; strings in "double quotes"', [], 'SPEC_BAD_EXPRESSION');
  }
  return (row) => {
    const value = compiled(row);
    if (value instanceof Error) throw new RowError(`expression "${source}": ${value.message}`);
    return value;
  };
}
