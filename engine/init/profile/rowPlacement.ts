import type { ParentCount, SourceForeignKey, SourceRow, SourceTable } from '../sourceDatabase';
import type { TableDraft } from '../specWriter';
import { largest, smallest } from './extremes';
import { fitFanOutByParent } from './fanOutByParent';
import { clustering, fitCounts, type CountFit } from './fitCounts';
import { thousands } from './numberFormat';
import type { TableContext } from './profileTable';

/** How a table's rows come about: a count, children of one parent, or pairs of two tables' rows. */
export type Placement =
  | { kind: 'count' }
  | { kind: 'per_parent'; foreignKey: SourceForeignKey; counts: number[]; count: CountFit }
  | { kind: 'cross_product'; left: SourceForeignKey; right: SourceForeignKey; perLeft: CountFit };

/** Fewest parent rows a fan-out is fitted on: fewer parents are references to a small list. */
const MIN_PARENTS = 20;

/**
 * A primary key of two foreign keys is a set of distinct pairs: a `cross_product`, each left row
 * taking as many distinct right rows as in the source. Otherwise the rows are children of the
 * foreign key that identifies them (part of the primary key) or whose children cluster most
 * clearly, when one does: never NULL in the sample, and its fan-out clearly unlike the Poisson
 * that random references would give. Otherwise a count.
 */
export async function placeRows(table: SourceTable, forward: SourceForeignKey[], rows: SourceRow[], context: TableContext): Promise<Placement> {
  if (table.rowCount === 0 || rows.length === 0) return { kind: 'count' };
  const usable = forward.filter(
    (fk) => fk.table !== table.name && context.earlier.get(fk.table)!.rowCount >= 1 && !rows.some((r) => fk.columns.some((c) => r[c] === null || r[c] === undefined)),
  );
  const single = (column: string) => usable.find((fk) => fk.columns.length === 1 && fk.columns[0] === column);
  if (table.primaryKey.length === 2) {
    const [left, right] = table.primaryKey.map(single);
    if (left && right && left.table !== right.table) {
      const counts = (await context.source.childCounts(table.name, left, context.sample)).map((p) => p.count);
      return { kind: 'cross_product', left, right, perLeft: fitCounts(counts) };
    }
  }
  const identifying = usable.find((fk) => table.primaryKey.length > fk.columns.length && fk.columns.every((c) => table.primaryKey.includes(c)));
  if (identifying) {
    const parents = await context.source.childCounts(table.name, identifying, context.sample);
    if (parents.length > 0) return { kind: 'per_parent', foreignKey: identifying, counts: parents.map((p) => p.count), count: fanOut(identifying, parents, context) };
  }
  let best: { foreignKey: SourceForeignKey; parents: ParentCount[]; strength: number } | undefined;
  for (const fk of usable) {
    const parents = await context.source.childCounts(table.name, fk, context.sample);
    if (parents.length < MIN_PARENTS) continue;
    const strength = clustering(parents.map((p) => p.count));
    if (strength > 0 && (!best || strength > best.strength)) best = { foreignKey: fk, parents, strength };
  }
  return best ? { kind: 'per_parent', foreignKey: best.foreignKey, counts: best.parents.map((p) => p.count), count: fanOut(best.foreignKey, best.parents, context) } : { kind: 'count' };
}

/** The fan-out, by a category of the parent where it clearly depends on one. */
function fanOut(key: SourceForeignKey, parents: ParentCount[], context: TableContext): CountFit {
  return fitFanOutByParent(parents, key, context.earlier.get(key.table)!.columns) ?? fitCounts(parents.map((p) => p.count));
}

export function driverOf(table: SourceTable, placement: Placement): Pick<TableDraft, 'rows' | 'rowsComment'> {
  const source = `${thousands(table.rowCount)} rows in the source`;
  if (placement.kind === 'per_parent') {
    return {
      rows: { per_parent: { parent: placement.foreignKey.table, count: placement.count.generator } },
      rowsComment: `children per ${placement.foreignKey.table} row: ${placement.count.description}; ${source}`,
    };
  }
  if (placement.kind === 'cross_product') {
    const { left, right } = placement;
    return {
      rows: { cross_product: { left: { table: left.table, fields: left.referencedColumns }, right: { table: right.table, fields: right.referencedColumns }, per_left: placement.perLeft.generator } },
      rowsComment: `distinct ${right.table} rows per ${left.table} row: ${placement.perLeft.description}; ${source}`,
    };
  }
  return { rows: { count: `\${${table.name}}` } };
}

/** Largest total variation between a column and the child numbers the fan-out implies for it to be them. */
const CHILD_NUMBER_DISTANCE = 0.03;

/**
 * The column numbering a parent's children 1, 2, …: an integer column (not a key to another table)
 * whose values are spread as child numbers are: k appears once for every parent with at least k
 * children, so its frequencies follow the fan-out's survival function. With the parent's key it
 * often makes the primary key (order lines).
 */
export function childNumberColumn(table: SourceTable, parentKey: SourceForeignKey, rows: SourceRow[], counts: number[]): string | undefined {
  // Fan-outs beyond a few thousand are no numbered lines (and would be slow to count out).
  if (largest(counts) > 10_000) return undefined;
  const atLeast = new Map<number, number>();
  for (const count of counts) for (let k = 1; k <= count; k++) atLeast.set(k, (atLeast.get(k) ?? 0) + 1);
  const children = counts.reduce((s, c) => s + c, 0);
  if (children === 0) return undefined;
  const keyColumns = new Set(table.foreignKeys.flatMap((fk) => fk.columns));
  for (const column of table.columns) {
    if (column.type.kind !== 'integer' || keyColumns.has(column.name) || parentKey.columns.includes(column.name)) continue;
    const values = rows.map((r) => r[column.name]).filter((v): v is number => typeof v === 'number');
    if (values.length === 0 || values.length < rows.length || smallest(values) !== 1) continue;
    const seen = new Map<number, number>();
    for (const v of values) seen.set(v, (seen.get(v) ?? 0) + 1);
    let distance = 0;
    for (const k of new Set([...seen.keys(), ...atLeast.keys()])) distance += Math.abs((seen.get(k) ?? 0) / values.length - (atLeast.get(k) ?? 0) / children) / 2;
    if (distance <= CHILD_NUMBER_DISTANCE) return column.name;
  }
  return undefined;
}
