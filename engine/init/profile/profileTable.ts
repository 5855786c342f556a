import type { SourceColumn, SourceDatabase, SourceForeignKey, SourceRow, SourceTable, SourceType } from '../sourceDatabase';
import type { ColumnDraft, TableDraft } from '../specWriter';
import { fitConditional, frequencies, isCategorical, type ConditionalFit } from './choices';
import { fitDateOffset, type DateOffsetFit } from './dates';
import { clustering, fitCounts, type CountFit } from './fitCounts';
import { computedFrom, copiedFrom } from './derivedColumns';
import { fitFanOutByParent } from './fanOutByParent';
import { percent, roundTo, thousands } from './numberFormat';
import { profileColumn } from './profileColumn';
import { largest, smallest } from './extremes';

/** What profiling a table needs besides the table: the database, the tables before it, the user's options. */
export interface TableContext {
  source: SourceDatabase;
  sample: number;
  /** Tables already placed (generated before this one), by name. */
  earlier: Map<string, SourceTable>;
  /** Foreign keys set aside because they close a cycle or refer to their own table. */
  backward: SourceForeignKey[];
  keepValues: (table: string, column: string) => boolean;
  warn: (message: string) => void;
}

/** A table's draft: its row driver, one generator per column, its keys and indexes. */
export async function profileTable(table: SourceTable, context: TableContext): Promise<TableDraft> {
  const rows = table.rowCount > 0 ? await context.source.sample(table.name, context.sample) : [];
  const comments: string[] = [];
  if (table.rowCount === 0) {
    context.warn(`table ${table.name} is empty: it is kept with 0 rows (set params.${table.name} to generate some)`);
    comments.push('TODO: the table is empty in the source; its columns are placeholders of their types.');
  }
  const forward = table.foreignKeys.filter((fk) => !context.backward.includes(fk) && context.earlier.has(fk.table));
  const placement = await placeRows(table, forward, rows, context);
  // A composite key other than the one rows are placed under cannot be drawn whole: `ref` picks by one column.
  const placedKeys = placement.kind === 'per_parent' ? [placement.foreignKey] : placement.kind === 'cross_product' ? [placement.left, placement.right] : [];
  const keptKeys = forward.filter((fk) => fk.columns.length === 1 || placedKeys.includes(fk));
  for (const fk of forward.filter((k) => !keptKeys.includes(k))) {
    context.warn(`${table.name}(${fk.columns.join(', ')}) refers to ${fk.table} by a composite key the spec cannot draw at random: its columns are generated without the foreign key`);
    comments.push(`TODO: the composite foreign key (${fk.columns.join(', ')}) → ${fk.table} is left out; its columns are profiled one by one.`);
  }
  const pathTo = (fk: SourceForeignKey, referenced: string): string | undefined => {
    if (placement.kind === 'per_parent' && fk === placement.foreignKey) return `parent.${referenced}`;
    if (placement.kind === 'cross_product') return undefined;
    return fk.columns.length === 1 && keptKeys.includes(fk) ? `${fk.columns[0]}.${referenced}` : undefined;
  };
  const pairsByKey = new Map<SourceForeignKey, Array<{ row: SourceRow; parent: SourceRow }>>();
  for (const fk of keptKeys) if (table.rowCount > 0 && pathTo(fk, '') !== undefined) pairsByKey.set(fk, await context.source.sampleWithParent(table.name, fk, context.sample));
  // The related rows each sampled row reads, by the prefix of the paths that read them.
  const related = [...pairsByKey].flatMap(([fk, pairs]) => {
    const prefix = pathTo(fk, '')?.slice(0, -1);
    return prefix ? [{ prefix, pairs, columns: context.earlier.get(fk.table)?.columns ?? [] }] : [];
  });
  const childNumber = placement.kind === 'per_parent' ? childNumberColumn(table, placement.foreignKey, rows, placement.counts) : undefined;

  const columns: ColumnDraft[] = [];
  for (const column of table.columns) {
    const values = rows.map((r) => r[column.name]).filter((v) => v !== null && v !== undefined);
    const nullShare = rows.length === 0 ? 0 : 1 - values.length / rows.length;
    const spec: Record<string, unknown> = { type: typeOf(column.type) };
    const notes: string[] = [];
    if (column.type.kind === 'unsupported') {
      context.warn(`${table.name}.${column.name} has type ${column.type.declared}, which the spec language has no type for: it is generated as text`);
      notes.push(`TODO: ${column.type.declared} in the source, generated as text; choose a closer type and generator.`);
    }
    const isPrimary = table.primaryKey.length === 1 && table.primaryKey[0] === column.name;
    if (isPrimary) spec.primary_key = true;
    if (column.notNull && !isPrimary) spec.not_null = true;
    if (column.unique && !isPrimary) spec.unique = true;

    const placedBy = placedKeys.find((k) => k.columns.includes(column.name));
    const fk = keptKeys.find((k) => k.columns.length === 1 && k.columns[0] === column.name);
    if (placedBy) {
      const referenced = placedBy.referencedColumns[placedBy.columns.indexOf(column.name)];
      const side = placement.kind === 'cross_product' ? (placedBy === placement.left ? 'left' : 'right') : 'parent';
      spec.from = `${side}.${referenced}`;
      if (placedBy.columns.length === 1) spec.references = `${placedBy.table}.${referenced}`;
      notes.push(`the ${placedBy.table} row it belongs to`);
    } else if (fk) {
      spec.ref = `${fk.table}.${fk.referencedColumns[0]}`;
    } else if (column.name === childNumber) {
      spec.from = 'child.number';
      notes.push(`numbers the children of each ${(placedKeys[0] as SourceForeignKey).table} row 1, 2, … as the source does`);
    } else {
      const backward = context.backward.find((k) => k.columns.includes(column.name));
      if (backward) {
        context.warn(`${table.name}.${column.name} refers to ${backward.table}, which is not generated before ${table.name} (a cycle or a self-reference): its values are generated without the foreign key`);
        notes.push(`TODO: a foreign key to ${backward.table} in the source, left out: ${backward.table === table.name ? 'a table cannot refer to its own rows' : 'the keys form a cycle'}.`);
      }
      const derived = isPrimary || column.unique ? undefined : copiedFrom(column, related) ?? computedFrom(column, table.columns.slice(0, table.columns.indexOf(column)), rows);
      if (derived) {
        Object.assign(spec, derived.generator);
        notes.push(derived.description);
      } else {
        const fit = profileColumn({ table: table.name, column, values, rowCount: table.rowCount, isKey: isPrimary || column.unique, isPrimary, keepValues: context.keepValues(table.name, column.name) });
        const refined = refineByRelations(table, column.name, fit.generator, values, rows, pairsByKey, pathTo, context.earlier);
        Object.assign(spec, refined.generator);
        notes.push(refined.description ?? fit.description);
      }
    }
    if (nullShare > 0 && !column.notNull) {
      spec.null_probability = roundTo(nullShare, 4);
      notes.push(`NULL in ${percent(nullShare)} of ${thousands(rows.length)} rows`);
    }
    // TODOs stand on their own lines; what was seen reads as one line.
    const todos = notes.filter((n) => n.startsWith('TODO'));
    const seen = notes.filter((n) => !n.startsWith('TODO'));
    columns.push({ name: column.name, spec, comments: [...todos, ...(seen.length ? [seen.join('; ')] : [])] });
  }

  const foreignKeys = keptKeys
    .filter((fk) => fk.columns.length > 1)
    .map((fk) => ({ columns: fk.columns, references: { table: fk.table, columns: fk.referencedColumns } }));
  return {
    name: table.name,
    comments,
    ...driverOf(table, placement),
    columns,
    primaryKey: table.primaryKey.length > 1 ? table.primaryKey : undefined,
    foreignKeys: foreignKeys.length ? foreignKeys : undefined,
    indexes: table.indexes.length ? table.indexes.map((i) => (i.unique ? { columns: i.columns, unique: true } : i.columns)) : undefined,
  };
}

/** How a table's rows come about: a count, children of one parent, or pairs of two tables' rows. */
type Placement =
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
async function placeRows(table: SourceTable, forward: SourceForeignKey[], rows: SourceRow[], context: TableContext): Promise<Placement> {
  if (table.rowCount === 0 || rows.length === 0) return { kind: 'count' };
  const usable = forward.filter(
    (fk) => fk.table !== table.name && context.earlier.get(fk.table)!.rowCount >= 1 && !rows.some((r) => fk.columns.some((c) => r[c] === null || r[c] === undefined)),
  );
  const single = (column: string) => usable.find((fk) => fk.columns.length === 1 && fk.columns[0] === column);
  if (table.primaryKey.length === 2) {
    const [left, right] = table.primaryKey.map(single);
    if (left && right && left.table !== right.table) {
      const counts = await context.source.childCounts(table.name, left, context.sample);
      return { kind: 'cross_product', left, right, perLeft: fitCounts(counts) };
    }
  }
  const identifying = usable.find((fk) => table.primaryKey.length > fk.columns.length && fk.columns.every((c) => table.primaryKey.includes(c)));
  if (identifying) {
    const counts = await context.source.childCounts(table.name, identifying, context.sample);
    if (counts.length > 0) return { kind: 'per_parent', foreignKey: identifying, counts, count: await fanOut(table, identifying, counts, rows, context) };
  }
  let best: { foreignKey: SourceForeignKey; counts: number[]; strength: number } | undefined;
  for (const fk of usable) {
    const counts = await context.source.childCounts(table.name, fk, context.sample);
    if (counts.length < MIN_PARENTS) continue;
    const strength = clustering(counts);
    if (strength > 0 && (!best || strength > best.strength)) best = { foreignKey: fk, counts, strength };
  }
  return best ? { kind: 'per_parent', foreignKey: best.foreignKey, counts: best.counts, count: await fanOut(table, best.foreignKey, best.counts, rows, context) } : { kind: 'count' };
}

/** The fan-out, by a category of the parent where it clearly depends on one and both tables were read whole. */
async function fanOut(table: SourceTable, key: SourceForeignKey, counts: number[], rows: SourceRow[], context: TableContext): Promise<CountFit> {
  const parent = context.earlier.get(key.table)!;
  if (table.rowCount <= context.sample && rows.length === table.rowCount && parent.rowCount <= context.sample) {
    const parents = await context.source.sample(parent.name, context.sample);
    if (parents.length === parent.rowCount) {
      const byParent = fitFanOutByParent(rows, parents, key, parent.columns);
      if (byParent) return byParent;
    }
  }
  return fitCounts(counts);
}

function driverOf(table: SourceTable, placement: Placement): Pick<TableDraft, 'rows' | 'rowsComment'> {
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
function childNumberColumn(table: SourceTable, parentKey: SourceForeignKey, rows: SourceRow[], counts: number[]): string | undefined {
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

/**
 * A date that follows a related row's date becomes a `date_offset` from it; a category that
 * depends on a related row's category (or an earlier one of its own row) gets `by:` cases.
 */
function refineByRelations(
  table: SourceTable,
  columnName: string,
  generator: Record<string, unknown>,
  values: unknown[],
  rows: SourceRow[],
  pairsByKey: Map<SourceForeignKey, Array<{ row: SourceRow; parent: SourceRow }>>,
  pathOf: (fk: SourceForeignKey, referenced: string) => string | undefined,
  earlier: Map<string, SourceTable>,
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
    const usable = pairs
      .filter((p) => isPlain(p.value) && (p.by === null || p.by === undefined || isPlain(p.by)))
      .map((p) => ({ value: p.value as string | number | boolean, by: (p.by ?? null) as string | number | boolean | null }));
    const byValues = usable.flatMap((p) => (p.by === null ? [] : [p.by]));
    if (byValues.length === 0 || !isCategorical(frequencies(byValues), byValues.length)) return;
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

function isPlain(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** The spec's `type:` of a source type; an unsupported one is written as text. */
export function typeOf(type: SourceType): unknown {
  switch (type.kind) {
    case 'decimal':
      return type.precision !== undefined && type.precision <= 38 ? { decimal: [type.precision, Math.min(type.scale ?? 0, type.precision)] } : 'real';
    case 'varchar':
      return type.length !== undefined && type.length <= 16_383 ? { varchar: type.length } : 'text';
    case 'char':
      return type.length !== undefined && type.length <= 255 ? { char: type.length } : 'text';
    case 'unsupported':
      return 'text';
    default:
      return type.kind;
  }
}
