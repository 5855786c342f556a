import type { Problem } from '../errors/problem';
import type { LoadedSpec } from '../spec/load';
import type { ColumnSpec } from '../spec/model';
import { formatPath } from '../spec/positions';

/** A column type with a size: DECIMAL(precision, scale), VARCHAR(length) or CHAR(length). */
export type ExactType = { kind: 'decimal'; precision: number; scale: number } | { kind: 'varchar' | 'char'; length: number };

/** `type: decimal` alone: 15 digits are what a double holds exactly, so every such value is the same on every target. */
export const DEFAULT_DECIMAL = { precision: 15, scale: 2 } as const;

/** The sized type each normalised column was written with. */
const exactTypes = new WeakMap<ColumnSpec, ExactType>();

/**
 * Rewrites every column's `type` to its base kind (`{ decimal: [p, s] }` → `decimal`,
 * `{ varchar: n }` and `{ char: n }` → `text`) and remembers the size, so the rest of
 * the engine sees one kind per column. Idempotent: a spec compiled twice keeps its sizes.
 * Returns the sizes the schema cannot refuse (a scale above the precision).
 */
export function normaliseColumnTypes(loaded: LoadedSpec): Problem[] {
  const problems: Problem[] = [];
  for (const [tableName, table] of Object.entries(loaded.spec.tables ?? {})) {
    for (const [columnName, column] of Object.entries(table.columns ?? {})) {
      const written = column.type as unknown;
      if (written === 'decimal' && !exactTypes.has(column)) exactTypes.set(column, { kind: 'decimal', ...DEFAULT_DECIMAL });
      if (written === null || typeof written !== 'object') continue;
      const exact = parseExactType(written as Record<string, unknown>);
      if (exact.kind === 'decimal' && exact.scale > exact.precision) {
        const path = ['tables', tableName, 'columns', columnName, 'type', 'decimal'];
        problems.push({
          code: 'SPEC_BAD_OPTION',
          message: `${tableName}.${columnName}: decimal(${exact.precision}, ${exact.scale}) has a scale above its precision`,
          path: formatPath(path),
          ...loaded.positions.find(path),
          hint: `the scale counts digits after the point among the precision's digits: write [${exact.scale}, ${exact.precision}] or a scale of at most ${exact.precision}`,
        });
      }
      exactTypes.set(column, exact);
      column.type = exact.kind === 'decimal' ? 'decimal' : 'text';
    }
  }
  return problems;
}

function parseExactType(written: Record<string, unknown>): ExactType {
  if ('decimal' in written) {
    const [precision, scale] = written.decimal as [number, number];
    return { kind: 'decimal', precision, scale };
  }
  return 'varchar' in written ? { kind: 'varchar', length: written.varchar as number } : { kind: 'char', length: written.char as number };
}

/** The size a column was written with, if any. */
export const exactTypeOf = (column: ColumnSpec): ExactType | undefined => exactTypes.get(column);

/** The type as the spec writes it, for messages: `decimal(15, 2)`, `varchar(25)`, `text` (a nested generator's own type where it is not the column's). */
export function typeName(type: string, exact: ExactType | undefined): string {
  if (!exact || type !== (exact.kind === 'decimal' ? 'decimal' : 'text')) return type;
  return exact.kind === 'decimal' ? `decimal(${exact.precision}, ${exact.scale})` : `${exact.kind}(${exact.length})`;
}

/** The SQL spelling of a sized type, the same in every SQL dialect: DECIMAL(15,2), VARCHAR(25), CHAR(10). */
export function sqlTypeName(exact: ExactType): string {
  return exact.kind === 'decimal' ? `DECIMAL(${exact.precision},${exact.scale})` : `${exact.kind.toUpperCase()}(${exact.length})`;
}
