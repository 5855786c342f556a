import type { ColumnDef } from '../target';

type Affinity = 'INTEGER' | 'TEXT' | 'BLOB' | 'REAL' | 'NUMERIC';

/** A column's affinity from its declared type, by SQLite's rules in their order (https://sqlite.org/datatype3.html, 3.1). */
export function sqliteAffinity(declared: string): Affinity {
  const type = declared.toUpperCase();
  if (type.includes('INT')) return 'INTEGER';
  if (/CHAR|CLOB|TEXT/.test(type)) return 'TEXT';
  if (type.includes('BLOB') || type === '') return 'BLOB';
  if (/REAL|FLOA|DOUB/.test(type)) return 'REAL';
  return 'NUMERIC';
}

/**
 * How SQLite reads back a value bound to a column of this declared type, where that is the
 * value itself: NULL, text in a TEXT column, a finite number in a numeric one (an integral
 * number stored as an integer reads back as the same number). Anything the column would
 * convert (a number as text, text as a number, -0 as 0) is undefined: the caller must query.
 */
export function sqliteReadBack(column: ColumnDef, declared: string): (value: unknown) => unknown {
  const affinity = sqliteAffinity(declared);
  if (affinity === 'TEXT') return (value) => (value === null || typeof value === 'string' ? value : undefined);
  if (affinity === 'BLOB') return () => undefined;
  // A NULL in an INTEGER PRIMARY KEY is replaced by a new rowid.
  const nullAs = column.primaryKey && affinity === 'INTEGER' ? undefined : null;
  return (value) => {
    if (value === null) return nullAs;
    return typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0) ? value : undefined;
  };
}
