import type { Program, Whitespace } from 'sql-parser-cst';
import { userError, type UserError } from '../errors/problem';
import { analyzeStatement } from './analyzeStatement';
import { parseSpecSql } from './parseSpecSql';
import { DIALECT_MACROS, type SqlDialect } from './sqlDialect';
import { expandSqlMacrosTracked } from './sqlMacros';
import { SqlRefusal } from './sqlRefusal';
import { refuseOversizedSql } from './sqlSizeBounds';

/** Spec SQL that passed the analysis. */
export interface AnalyzedSql {
  /** What to send to the database: macros expanded for the dialect, comments blanked, names quoted as the parser read them. */
  sql: string;
  /** The readable tables it reads (not its CTEs), for the table graph. */
  tables: string[];
}

/**
 * Analyses spec SQL for the dialect it will run in, reading `readable` tables (and names
 * standing for tables, such as `kpis.with:` queries). Throws a SqlRefusal whose offset is in
 * `sql` as the spec wrote it, or a UserError for a misspelt `{{ macro }}`.
 */
export function analyzeSpecSql(sql: string, dialect: SqlDialect, readable: Iterable<string>): AnalyzedSql {
  refuseOversizedSql(sql);
  const expanded = expandSqlMacrosTracked(sql, DIALECT_MACROS[dialect]);
  const atSpecOffset = (offset: number) => expanded.origins[Math.min(offset, expanded.origins.length - 1)] ?? 0;
  try {
    const parsed = parseSpecSql(expanded.text, dialect);
    const tables = analyzeStatement(parsed.program, parsed.text, dialect, readable);
    return { sql: withoutComments(parsed.program, parsed.text, dialect), tables };
  } catch (err) {
    if (err instanceof SqlRefusal) throw new SqlRefusal(err.message, atSpecOffset(err.offset), err.hint);
    throw err;
  }
}

/**
 * The one door spec SQL passes to reach a database: every target, reader and report calls
 * it, for the dialect it is connected to, right before sending. Returns the SQL to send;
 * refused SQL is a UserError (SPEC_UNSAFE_SQL) naming the refused part.
 */
export function gateSpecSql(sql: string, dialect: SqlDialect, readableTables: Iterable<string>): string {
  try {
    return analyzeSpecSql(sql, dialect, readableTables).sql;
  } catch (err) {
    if (err instanceof SqlRefusal) throw unsafeSql(err, sql);
    throw err;
  }
}

/** A refusal as a user error, the refused part quoted from the SQL (callers that know the spec add its position). */
export function unsafeSql(refusal: SqlRefusal, sql: string): UserError {
  return userError('SPEC_UNSAFE_SQL', `${refusal.message} (at "${excerpt(sql, refusal.offset)}")`, { hint: refusal.hint });
}

function excerpt(sql: string, offset: number): string {
  const line = sql.slice(offset).split('\n')[0];
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}

/**
 * The text with every comment replaced by spaces (line breaks kept, so offsets hold): the
 * server never sees a comment, so none can mean to it what it did not mean to the parser.
 * Comments that would are refused outright: MariaDB runs `/*! … *\/` and reads `--x` as
 * code, and a comment can switch the parser off.
 */
function withoutComments(program: Program, text: string, dialect: SqlDialect): string {
  const chars = text.split('');
  for (const comment of commentsOf(program)) {
    const [start, end] = comment.range!;
    if (/^\/\*M?!/.test(comment.text)) throw new SqlRefusal('a /*! … */ comment is not allowed: MariaDB runs what it holds', start);
    if (/sql-parser-cst-/i.test(comment.text)) throw new SqlRefusal('this comment is not allowed: it hides SQL from the analysis', start);
    if (dialect === 'mariadb' && /^--[^\s]/.test(comment.text)) throw new SqlRefusal('a -- comment without a space after it is not allowed: MariaDB reads it as code', start, 'write -- followed by a space');
    for (let i = start; i < end; i++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = ' ';
  }
  return chars.join('');
}

/** Every comment of a syntax tree (they hang off the nodes they precede or follow). */
function commentsOf(program: Program): Whitespace[] {
  const found: Whitespace[] = [];
  const stack: unknown[] = [program];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (Array.isArray(node)) {
      for (const item of node) stack.push(item);
      continue;
    }
    if (!node || typeof node !== 'object') continue;
    for (const [field, value] of Object.entries(node)) {
      if (field === 'leading' || field === 'trailing') found.push(...(value as Whitespace[]).filter((w) => w.type === 'block_comment' || w.type === 'line_comment'));
      else if (value && typeof value === 'object') stack.push(value);
    }
  }
  return found;
}
