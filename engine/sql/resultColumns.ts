import { parseWrittenSpecSql } from './parseSpecSql';
import type { SqlDialect } from './sqlDialect';
import type { SqlNode } from './sqlNode';

/**
 * The names of the columns a query returns, read from its outermost SELECT list (the
 * first SELECT of a UNION names the columns): an alias, a column's own name, or
 * undefined when some column has no name the SQL states (`*`, an expression without
 * AS) or the SQL does not parse or is refused (the spec-SQL gate reports that).
 */
export function resultColumnNames(sql: string, dialect: SqlDialect): string[] | undefined {
  let statement: SqlNode | undefined;
  try {
    statement = parseWrittenSpecSql(sql, dialect).program.statements[0] as unknown as SqlNode | undefined;
  } catch {
    return undefined;
  }
  while (statement?.type === 'compound_select_stmt') statement = statement.left as SqlNode;
  if (statement?.type !== 'select_stmt') return undefined;
  const select = (statement.clauses as SqlNode[]).find((clause) => clause.type === 'select_clause');
  const items = ((select?.columns as SqlNode | undefined)?.items ?? []) as SqlNode[];
  const names = items.map(nameOf);
  return names.length > 0 && names.every((name): name is string => name !== undefined) ? names : undefined;
}

function nameOf(item: SqlNode): string | undefined {
  if (item.type === 'alias') return nameOf(item.alias as SqlNode);
  if (item.type === 'identifier') return item.name as string;
  if (item.type === 'member_expr') return nameOf(item.property as SqlNode);
  return undefined;
}
