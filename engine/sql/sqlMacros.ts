import { userError } from '../errors/problem';
import { suggestName } from '../spec/suggest';

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

/** A macro call with nothing else between its braces: `{{ name(arguments) }}`. */
const MACRO_CALL = /^\{\{\s*(\w+)\s*\(([\s\S]*)\)\s*\}\}$/;

/** SQL with its macros expanded, and where each of its characters came from in the spec's SQL. */
export interface ExpandedSql {
  text: string;
  /** `origins[i]`: the offset in the spec's SQL of `text[i]`; a macro's own SQL points at the macro's `{{`. */
  origins: number[];
}

/** Replaces every macro of `sql` by the dialect's SQL; an unknown name or a wrong argument count is a user error. */
export function expandSqlMacros(sql: string, macros: SqlMacros): string {
  return expandSqlMacrosTracked(sql, macros).text;
}

/** `expandSqlMacros`, keeping the origin of each character so a fault found in the expanded SQL is shown in the spec's. */
export function expandSqlMacrosTracked(sql: string, macros: SqlMacros): ExpandedSql {
  let text = sql;
  let origins = Array.from({ length: sql.length }, (_, i) => i);
  for (let match = innermostMacro(text); match; match = innermostMacro(text)) {
    const [whole, name, argumentText] = match;
    const args = splitArguments(argumentText);
    if (!Object.hasOwn(SQL_MACROS, name)) {
      throw userError('SPEC_BAD_OPTION', `unknown SQL macro {{ ${name}(…) }}`, { hint: suggestName(name, Object.keys(SQL_MACROS), 'macro') });
    }
    const wanted = SQL_MACROS[name as SqlMacroName].arguments;
    if (args.length !== wanted.length) {
      throw userError('SPEC_BAD_OPTION', `SQL macro {{ ${name}(…) }} takes ${wanted.length} argument(s), got ${args.length}`, { hint: `write {{ ${name}(${wanted.join(', ')}) }}` });
    }
    // The dialect's SQL around placeholders, then each placeholder replaced by its argument, origins and all.
    const argumentsAt = match.index + whole.indexOf('(') + 1;
    const template = macros[name as SqlMacroName](...args.map((_, i) => `\u0000${i}\u0000`));
    let expanded = '';
    const expandedOrigins: number[] = [];
    template.split(/\u0000(\d+)\u0000/).forEach((part, i) => {
      if (i % 2 === 0) {
        expanded += part;
        for (let c = 0; c < part.length; c++) expandedOrigins.push(origins[match.index]);
      } else {
        const arg = args[Number(part)];
        const from = argumentsAt + arg.start;
        expanded += arg.text;
        for (let c = 0; c < arg.text.length; c++) expandedOrigins.push(origins[from + c]);
      }
    });
    text = text.slice(0, match.index) + expanded + text.slice(match.index + whole.length);
    origins = [...origins.slice(0, match.index), ...expandedOrigins, ...origins.slice(match.index + whole.length)];
  }
  if (/\{\{|\}\}/.test(text)) {
    throw userError('SPEC_BAD_OPTION', 'unbalanced {{ … }} in SQL', { hint: 'a macro is written {{ name(arguments) }}, e.g. {{ month(signup_date) }}' });
  }
  return { text, origins };
}

/**
 * The macro closed first, found by scanning rather than by one regex over the whole SQL
 * (which backtracks quadratically on unclosed braces); none when no `}}` is left.
 */
function innermostMacro(text: string): RegExpExecArray | undefined {
  const end = text.indexOf('}}');
  const start = end < 0 ? -1 : text.lastIndexOf('{{', end);
  if (start < 0) return undefined;
  const match = MACRO_CALL.exec(text.slice(start, end + 2));
  if (!match) throw userError('SPEC_BAD_OPTION', `malformed SQL macro ${text.slice(start, Math.min(end + 2, start + 60))}`, { hint: 'a macro is written {{ name(arguments) }}, e.g. {{ month(signup_date) }}' });
  match.index = start;
  return match;
}

/** Splits at the commas outside parentheses and quotes; each argument trimmed, with its offset in `text`. */
function splitArguments(text: string): { text: string; start: number }[] {
  const args: { text: string; start: number }[] = [];
  const push = (from: number, to: number) => {
    const raw = text.slice(from, to);
    args.push({ text: raw.trim(), start: from + (raw.length - raw.trimStart().length) });
  };
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
      push(start, i);
      start = i + 1;
    }
  }
  if (text.slice(start).trim() || args.length) push(start, text.length);
  return args;
}
