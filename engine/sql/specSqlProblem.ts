import { UserError, type Problem } from '../errors/problem';
import type { LoadedSpec } from '../spec/load';
import { formatPath } from '../spec/positions';
import { analyzeSpecSql, type AnalyzedSql } from './gateSpecSql';
import { offsetInScalar } from './offsetInScalar';
import type { SqlDialect } from './sqlDialect';
import { SqlRefusal } from './sqlRefusal';
import type { SpecSqlPiece } from './specSqlPieces';

/**
 * Analyses one statement of a spec for `dialect`: the analysis, or the problem, at the
 * file:line:col of the refused part (the statement's start when its text cannot be followed).
 */
export function analyzeSpecSqlPiece(loaded: LoadedSpec, piece: SpecSqlPiece, dialect: SqlDialect, readable: string[]): AnalyzedSql | Problem {
  const path = formatPath(piece.path);
  try {
    return analyzeSpecSql(piece.sql, dialect, piece.names ? [...readable, ...piece.names] : readable);
  } catch (err) {
    if (err instanceof SqlRefusal) {
      return { code: 'SPEC_UNSAFE_SQL', message: err.message, path, ...positionIn(loaded, piece, err.offset), hint: err.hint };
    }
    if (err instanceof UserError) return { ...err.problems[0], path, ...loaded.positions.find(piece.path) };
    throw err;
  }
}

/** The problems of statements of a spec, every one at once. */
export function specSqlProblems(loaded: LoadedSpec, pieces: SpecSqlPiece[], dialect: SqlDialect, readable: string[]): Problem[] {
  return pieces.flatMap((piece) => {
    const result = analyzeSpecSqlPiece(loaded, piece, dialect, readable);
    return 'code' in result ? [result] : [];
  });
}

export function isProblem(result: AnalyzedSql | Problem): result is Problem {
  return 'code' in result;
}

function positionIn(loaded: LoadedSpec, piece: SpecSqlPiece, offset: number) {
  const source = loaded.positions.scalarSource(piece.path);
  const at = source === undefined ? undefined : offsetInScalar(source.text, piece.sql, offset);
  return at === undefined ? loaded.positions.find(piece.path) : source!.at(at);
}
