import type { Program } from 'sql-parser-cst';
import { backquoteAnsiNames } from './backquoteAnsiNames';
import { DIALECT_MACROS, DIALECT_NAMES, type SqlDialect } from './sqlDialect';
import { expandSqlMacros } from './sqlMacros';
import { SqlRefusal } from './sqlRefusal';
import { refuseDeepGrouping, refuseOversizedSql } from './sqlSizeBounds';

/** SQL as the parser read it: its syntax tree and its text (MariaDB's double-quoted names backquoted, same offsets). */
export interface ParsedSql {
  program: Program;
  text: string;
}

/** Where the parser says it stopped: `--> <file>:line:col` in its message. */
const STOPPED_AT = /--> [^\n]*:(\d+):(\d+)\n/;

/**
 * Parses spec SQL (macros expanded) with the grammar of the dialect it will run in, ranges
 * and comments kept, `:name` parameters allowed (`:as_of`). SQL that does not parse, or
 * nests deeper than the parser's stack, is refused where the parser stopped. Grouping
 * parentheses past MAX_SQL_GROUPING_DEPTH are refused before it starts, on every path:
 * the stack does not bound its exponential backtracking, as V8 shrinks the parser's frames
 * once it has parsed enough SQL (a fresh process stops near 350 parentheses on a stack
 * overflow, one that has parsed a few thousand statements goes past 500 and never ends).
 */
export function parseSpecSql(sql: string, dialect: SqlDialect): ParsedSql {
  const text = dialect === 'mariadb' ? backquoteAnsiNames(sql) : sql;
  refuseDeepGrouping(text);
  try {
    const program = sqlParser().parse(text, { dialect, includeRange: true, includeComments: true, paramTypes: [':name'] });
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

/**
 * Parses spec SQL as the spec wrote it, bounded in size and macros as the gate bounds it
 * before expanding them: for reading a query's shape (its columns, its names) outside the
 * gate, which may be asked of SQL the gate refused.
 */
export function parseWrittenSpecSql(sql: string, dialect: SqlDialect): ParsedSql {
  refuseOversizedSql(sql);
  return parseSpecSql(expandSqlMacros(sql, DIALECT_MACROS[dialect]), dialect);
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

/** The SQL parser, loaded when a spec first has SQL to read: loading it took over a tenth of a second of every command's start-up. */
function sqlParser(): typeof import('sql-parser-cst') {
  return require('sql-parser-cst') as typeof import('sql-parser-cst');
}
