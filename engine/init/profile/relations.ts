import type { SourceColumn, SourceForeignKey, SourceRow, SourceTable } from '../sourceDatabase';
import { fitConditional, frequencies, isCategorical, type ConditionalFit } from './choices';
import { fitDateOffset, type DateOffsetFit } from './dates';

/**
 * A date that follows a related row's date becomes a `date_offset` from it; a category that
 * depends on a related row's category (or an earlier one of its own row) gets `by:` cases.
 */
export function refineByRelations(
  table: SourceTable,
  columnName: string,
  generator: Record<string, unknown>,
  values: unknown[],
  rows: SourceRow[],
  pairsByKey: Map<SourceForeignKey, Array<{ row: SourceRow; parent: SourceRow }>>,
  pathOf: (fk: SourceForeignKey, referenced: string) => string | undefined,
  earlier: Map<string, SourceTable>,
  categories: Map<string, boolean>,
): { generator: Record<string, unknown>; description?: string } {
  const column = table.columns.find((c) => c.name === columnName)!;
  if ('date_between' in generator) {
    const withTime = column.type.kind === 'datetime';
    // A NULL start gives a NULL date: a NOT NULL date starts only from a NOT NULL one, as the copy's rows may pair any start with it.
    const isDate = (c: SourceColumn) => (c.type.kind === 'date' || c.type.kind === 'datetime') && (c.notNull || !column.notNull);
    let best: { path: string; fit: DateOffsetFit } | undefined;
    const consider = (fit: DateOffsetFit | undefined, path: string | undefined) => {
      if (fit && path && (!best || fit.median < best.fit.median)) best = { path, fit };
    };
    for (const [fk, pairs] of pairsByKey) {
      const starts = (earlier.get(fk.table)?.columns ?? []).filter(isDate).map((c) => c.name);
      const fit = fitDateOffset(pairs.map((p) => ({ child: p.row[columnName], parent: p.parent })), starts, withTime, `the ${fk.table} row's `);
      consider(fit, fit && pathOf(fk, fit.parentColumn));
    }
    // An earlier date of the same row (an end after its start).
    const before = table.columns.slice(0, table.columns.findIndex((c) => c.name === columnName)).filter(isDate).map((c) => c.name);
    const own = fitDateOffset(rows.map((r) => ({ child: r[columnName], parent: r })), before, withTime, '');
    consider(own, own?.parentColumn);
    if (!best) return { generator };
    const chosen = best as { path: string; fit: DateOffsetFit };
    const to = (generator.date_between as { to: string }).to;
    return { generator: { date_offset: { from: chosen.path, offset: chosen.fit.offset, unit: 'days', not_after: to } }, description: chosen.fit.description };
  }
  if (!('choice' in generator) || values.length === 0) return { generator };
  let best: ({ path: string } & ConditionalFit) | undefined;
  const consider = (path: string, pairs: Array<{ value: unknown; by: unknown }>) => {
    if (!isCategoryOf(pairs, path, categories)) return;
    const usable = pairs
      .filter((p) => isPlain(p.value) && (p.by === null || p.by === undefined || isPlain(p.by)))
      .map((p) => ({ value: p.value as string | number | boolean, by: (p.by ?? null) as string | number | boolean | null }));
    const fit = fitConditional(usable);
    if (fit && (!best || fit.distance > best.distance)) best = { path, ...fit };
  };
  for (const [fk, pairs] of pairsByKey) {
    const parentColumns = pairs.length ? Object.keys(pairs[0].parent).sort() : [];
    for (const referenced of parentColumns) {
      const path = pathOf(fk, referenced);
      if (path) consider(path, pairs.map((p) => ({ value: p.row[columnName], by: p.parent[referenced] })));
    }
  }
  for (const other of table.columns) {
    if (other.name === columnName) break;
    consider(other.name, rows.map((r) => ({ value: r[columnName], by: r[other.name] })));
  }
  if (!best) return { generator };
  const chosen = best as { path: string } & ConditionalFit;
  return {
    generator: { by: chosen.path, cases: Object.fromEntries(chosen.cases.map((c) => [c.key, c.generator])), ...chosen.fallback },
    description: `by ${chosen.path}: ${chosen.description}`,
  };
}

/**
 * Whether a `by` path reads a category. The answer is the same for every column of a table, so
 * `categories` (one per table) keeps it.
 */
function isCategoryOf(pairs: ReadonlyArray<{ by: unknown }>, path: string, categories: Map<string, boolean>): boolean {
  if (!categories.has(path)) {
    const byValues = pairs.flatMap((p) => (isPlain(p.by) ? [p.by as string | number | boolean] : []));
    categories.set(path, byValues.length > 0 && isCategorical(frequencies(byValues), byValues.length));
  }
  return categories.get(path)!;
}

function isPlain(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}
