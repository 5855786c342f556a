import { parseWrittenSpecSql } from '../sql/parseSpecSql';
import type { SqlNode } from '../sql/sqlNode';

/** A query that returns columns of one table as they are: `SELECT a, b FROM t`. */
export interface Projection {
  table: string;
  columns: string[];
}

/**
 * The table and columns of SQL that is exactly a projection (`SELECT a, b FROM t`: no
 * alias, qualifier, expression, DISTINCT, WHERE or anything else); undefined for any
 * other SQL, or SQL that does not parse (the query then runs and reports it).
 */
export function projectionOf(sql: string): Projection | undefined {
  let statements: SqlNode[];
  try {
    statements = parseWrittenSpecSql(sql, 'sqlite').program.statements as unknown as SqlNode[];
  } catch {
    return undefined;
  }
  const real = statements.filter((statement) => statement.type !== 'empty');
  if (real.length !== 1 || real[0].type !== 'select_stmt') return undefined;
  const clauses = real[0].clauses as SqlNode[];
  if (clauses.length !== 2 || clauses[0].type !== 'select_clause' || clauses[1].type !== 'from_clause') return undefined;
  const [select, from] = clauses;
  if ((select.modifiers as unknown[]).length > 0) return undefined;
  const table = from.expr as SqlNode;
  if (table.type !== 'identifier') return undefined;
  const items = (select.columns as SqlNode).items as SqlNode[];
  if (!items.every((item) => item.type === 'identifier')) return undefined;
  return { table: table.name as string, columns: items.map((item) => item.name as string) };
}
