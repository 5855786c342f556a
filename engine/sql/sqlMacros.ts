import { userError } from '../../errors/problem';
import { suggestName } from '../../spec/suggest';

/**
 * Date functions that differ between SQL dialects, written `{{ name(args) }}` in a spec's
 * SQL (context queries, checks, KPIs) and expanded by each target into its own SQL, so
 * one query runs on SQLite, PostgreSQL and MariaDB alike. Macros nest.
 */
export const SQL_MACROS = {
  date: { arguments: ['value'], summary: 'the calendar date of a date, datetime or ISO text (a date value; text on SQLite)' },
  month: { arguments: ['value'], summary: "the month of a date, datetime or ISO text as 'YYYY-MM' text" },
  month_start: { arguments: ['value'], summary: 'the first day of the month of a date, datetime, ISO text or YYYY-MM text' },
  add_months: { arguments: ['date', 'months'], summary: 'a date moved by whole months (use it on month starts: days past 28 differ between dialects)' },
  days_between: { arguments: ['from', 'to'], summary: 'days from one date or datetime to another, with fractions (to − from)' },
} as const;

export type SqlMacroName = keyof typeof SQL_MACROS;

/** One dialect's SQL for each macro, given the SQL of its arguments. */
export type SqlMacros = Record<SqlMacroName, (...args: string[]) => string>;

/** The innermost `{{ name(…) }}`: its arguments hold no other macro. */
const INNERMOST_MACRO = /\{\{\s*(\w+)\s*\(((?:(?!\{\{|\}\})[\s\S])*)\)\s*\}\}/;

/** Replaces every macro of `sql` by the dialect's SQL; an unknown name or a wrong argument count is a user error. */
export function expandSqlMacros(sql: string, macros: SqlMacros): string {
  let expanded = sql;
  for (let match = INNERMOST_MACRO.exec(expanded); match; match = INNERMOST_MACRO.exec(expanded)) {
    const [whole, name, argumentText] = match;
    const args = splitArguments(argumentText);
    if (!Object.hasOwn(SQL_MACROS, name)) {
      throw userError('SPEC_BAD_OPTION', `unknown SQL macro {{ ${name}(…) }}`, { hint: suggestName(name, Object.keys(SQL_MACROS), 'macro') });
    }
    const wanted = SQL_MACROS[name as SqlMacroName].arguments;
    if (args.length !== wanted.length) {
      throw userError('SPEC_BAD_OPTION', `SQL macro {{ ${name}(…) }} takes ${wanted.length} argument(s), got ${args.length}`, { hint: `write {{ ${name}(${wanted.join(', ')}) }}` });
    }
    expanded = expanded.slice(0, match.index) + macros[name as SqlMacroName](...args) + expanded.slice(match.index + whole.length);
  }
  if (/\{\{|\}\}/.test(expanded)) {
    throw userError('SPEC_BAD_OPTION', 'unbalanced {{ … }} in SQL', { hint: 'a macro is written {{ name(arguments) }}, e.g. {{ month(signup_date) }}' });
  }
  return expanded;
}

/** Every macro as NULL: expanding with it checks names and argument counts without a dialect. */
const CHECK_ONLY = Object.fromEntries(Object.keys(SQL_MACROS).map((name) => [name, () => 'NULL'])) as SqlMacros;

/** Throws the user error `expandSqlMacros` would, so a spec's SQL is refused at validation rather than at run time. */
export function assertSqlMacros(sql: string): void {
  expandSqlMacros(sql, CHECK_ONLY);
}

/** Splits at the commas outside parentheses and quotes. */
function splitArguments(text: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === ',' && depth === 0) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last || args.length) args.push(last);
  return args;
}
