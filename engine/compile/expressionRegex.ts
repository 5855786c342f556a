import type { RE2JS } from 're2js';

/** A `~=` pattern RE2 does not accept; the message says what in it. */
export class RegexSyntaxError extends Error {}

export const REGEX_HINT = 'patterns are RE2 syntax, matched in linear time: no backreferences (\\1) or lookaround ((?=…), (?<=…)); a code point is written \\x{e9}';

/** Patterns of row values compiled so far, per expression; cleared when full so a column of distinct patterns costs no memory. */
const CACHED_PATTERNS = 64;

let re2: typeof import('re2js') | undefined;

/**
 * Compiles a `~=` pattern with RE2, whose matching time is linear in the text: no pattern
 * a spec writes (`(a+)+$`) can make a match take longer than reading the text.
 */
export function compileRegex(pattern: string): RE2JS {
  // Loaded on first use: most specs match no pattern, and the module is ~260 KB.
  re2 ??= require('re2js') as typeof import('re2js');
  try {
    return re2.RE2JS.compile(pattern);
  } catch (err) {
    if (!(err instanceof re2.RE2JSException)) throw err;
    const shown = pattern.length > 60 ? `${pattern.slice(0, 60)}…` : pattern;
    throw new RegexSyntaxError(`"${shown}" is not a pattern RE2 accepts (${err.message.replace(/^error parsing regexp: /, '')})`);
  }
}

/** Compiled patterns for `~=` against patterns known only per row (a column's value): each distinct pattern compiles once. */
export function rowPatterns(): (pattern: string) => RE2JS {
  const compiled = new Map<string, RE2JS>();
  return (pattern) => {
    let regex = compiled.get(pattern);
    if (!regex) {
      if (compiled.size >= CACHED_PATTERNS) compiled.clear();
      regex = compileRegex(pattern);
      compiled.set(pattern, regex);
    }
    return regex;
  };
}
