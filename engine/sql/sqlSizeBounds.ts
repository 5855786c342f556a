import { SqlRefusal } from './sqlRefusal';

/** Characters one spec SQL statement may have: queries people write are a few thousand. */
export const MAX_SQL_CHARACTERS = 100_000;
/** `{{ macros }}` one statement may hold: each expansion copies the statement once. */
export const MAX_SQL_MACROS = 500;
/**
 * Grouping parentheses one statement may nest: the parser backtracks exponentially on a
 * syntax error inside deep ones (0.5 s at 20, 9 s at 24), while a function's own `f(` costs
 * nothing. Parentheses inside quotes count too, which only errs on the safe side.
 */
export const MAX_SQL_GROUPING_DEPTH = 16;

/** Refuses spec SQL whose size or macro count would make its analysis slow, before any is done. */
export function refuseOversizedSql(sql: string): void {
  if (sql.length > MAX_SQL_CHARACTERS) {
    throw new SqlRefusal(`the SQL has ${sql.length.toLocaleString('en-US')} characters; spec SQL may have at most ${MAX_SQL_CHARACTERS.toLocaleString('en-US')}`, MAX_SQL_CHARACTERS, 'split the query into kpis.with: queries or simpler checks');
  }
  let macros = 0;
  for (let at = sql.indexOf('{{'); at >= 0; at = sql.indexOf('{{', at + 2)) {
    if (++macros > MAX_SQL_MACROS) throw new SqlRefusal(`the SQL has more than ${MAX_SQL_MACROS} {{ macros }}`, at, 'compute the value once in a CTE and read it from there');
  }
}

/** Refuses SQL that nests grouping parentheses deeper than the parser can afford, at the first one too deep. */
export function refuseDeepGrouping(text: string): void {
  const opened: boolean[] = [];
  let grouping = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '(') {
      const isGrouping = i === 0 || !/[\w$]/.test(text[i - 1]);
      opened.push(isGrouping);
      if (isGrouping && ++grouping > MAX_SQL_GROUPING_DEPTH) {
        throw new SqlRefusal(`the SQL nests parentheses more than ${MAX_SQL_GROUPING_DEPTH} deep`, i, 'write fewer nested parentheses: a CTE (WITH name AS (…)) or a kpis.with: query names a part once');
      }
    } else if (char === ')' && opened.length && opened.pop()) grouping--;
  }
}
