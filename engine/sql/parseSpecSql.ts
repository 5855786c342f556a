import { parse, type Program } from 'sql-parser-cst';
import { backquoteAnsiNames } from './backquoteAnsiNames';
import { DIALECT_NAMES, type SqlDialect } from './sqlDialect';
import { SqlRefusal } from './sqlRefusal';

/** SQL as the parser read it: its syntax tree and its text (MariaDB's double-quoted names backquoted, same offsets). */
export interface ParsedSql {
  program: Program;
  text: string;
}

/** Where the parser says it stopped: `--> <file>:line:col` in its message. */
const STOPPED_AT = /--> [^\n]*:(\d+):(\d+)\n/;

/**
 * Parses spec SQL with the grammar of the dialect it will run in, ranges and comments kept,
 * `:name` parameters allowed (`:as_of`). SQL that does not parse, or nests deeper than the
 * parser's stack, is refused where the parser stopped.
 */
export function parseSpecSql(sql: string, dialect: SqlDialect): ParsedSql {
  const text = dialect === 'mariadb' ? backquoteAnsiNames(sql) : sql;
  try {
    const program = parse(text, { dialect, includeRange: true, includeComments: true, paramTypes: [':name'] });
    return { program, text };
  } catch (err) {
    if (err instanceof RangeError) throw new SqlRefusal('the SQL nests too deeply to analyse', 0, 'write fewer nested parentheses and subqueries');
    const message = (err as Error).message;
    const stopped = STOPPED_AT.exec(message);
    if (!stopped) throw err;
    const unexpected = message.split('\n')[0].replace(/^Syntax Error: Unexpected /, '');
    throw new SqlRefusal(`not ${DIALECT_NAMES[dialect]} SQL the engine can read: unexpected ${unexpected}`, offsetOf(text, Number(stopped[1]), Number(stopped[2])), 'check the SQL near this place; spec SQL is one SELECT (or WITH … SELECT)');
  }
}

/** The offset of a 1-based line and column, lines split as the parser splits them. */
function offsetOf(text: string, line: number, col: number): number {
  const breaks = /\r\n|\n|\r/g;
  let start = 0;
  for (let n = 1; n < line; n++) {
    const found = breaks.exec(text);
    if (!found) break;
    start = found.index + found[0].length;
  }
  return Math.min(start + col - 1, text.length);
}
