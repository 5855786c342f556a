import { parseWrittenSpecSql } from '../sql/parseSpecSql';
import type { SqlNode } from '../sql/sqlNode';

/**
 * Every name a SQLite query states (columns, tables, aliases), lower-cased as SQLite compares
 * them: a column it does not state is one it cannot read. Undefined when it may read columns
 * without stating them: `*` (`SELECT *`, `t.*`; `COUNT(*)` reads none), a NATURAL join, the
 * rowid, or SQL that does not parse (the spec-SQL gate refuses that when the query runs).
 */
export function namesInSql(sql: string): Set<string> | undefined {
  let root: unknown;
  try {
    root = parseWrittenSpecSql(sql, 'sqlite').program;
  } catch {
    return undefined;
  }
  const names = new Set<string>();
  // Iterative: spec SQL may nest deeper than the stack.
  const work: unknown[] = [root];
  while (work.length > 0) {
    const node = work.pop();
    if (Array.isArray(node)) {
      work.push(...node);
      continue;
    }
    if (!node || typeof node !== 'object') continue;
    const { type } = node as SqlNode;
    if (type === 'func_args' && isLoneStar(node as SqlNode)) continue;
    if (type === 'all_columns') return undefined;
    if (type === 'keyword' && (node as SqlNode).name === 'NATURAL') return undefined;
    if (type === 'identifier') {
      const name = String((node as SqlNode).name).toLowerCase();
      if (ROWID_NAMES.has(name)) return undefined;
      names.add(name);
    }
    for (const [field, value] of Object.entries(node)) if (field !== 'range' && value && typeof value === 'object') work.push(value);
  }
  return names;
}

/** The arguments of `COUNT(*)`. */
function isLoneStar(args: SqlNode): boolean {
  const items = (args.args as SqlNode | undefined)?.items as SqlNode[] | undefined;
  return items?.length === 1 && items[0].type === 'all_columns';
}

/** SQLite's names for a table's row id: its values are the insertion order only while every column is kept. */
const ROWID_NAMES = new Set(['rowid', 'oid', '_rowid_']);
