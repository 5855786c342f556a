import type { SourceDatabase, SourceForeignKey, SourceRow, SourceTable, SourceType } from '../sourceDatabase';
import type { ColumnDraft, TableDraft } from '../specWriter';
import { fitConditional, frequencies, isCategorical } from './choices';
import { fitDateOffset } from './dates';
import { clustering, fitCounts } from './fitCounts';
import { percent, roundTo, thousands } from './numberFormat';
import { profileColumn } from './profileColumn';

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
  const parent = await pickParent(table, forward, rows, context);
  const columns: ColumnDraft[] = [];
  const pairsByKey = new Map<SourceForeignKey, Array<{ row: SourceRow; parent: SourceRow }>>();
  for (const fk of forward) if (table.rowCount > 0) pairsByKey.set(fk, await context.source.sampleWithParent(table.name, fk, context.sample));

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

    const fk = forward.find((k) => k.columns.length === 1 && k.columns[0] === column.name);
    const compositeKey = forward.find((k) => k.columns.length > 1 && k.columns.includes(column.name));
    const keyOfParent = parent && parent.foreignKey.columns.indexOf(column.name);
    if (parent && keyOfParent !== undefined && keyOfParent >= 0) {
      spec.from = `parent.${parent.foreignKey.referencedColumns[keyOfParent]}`;
      if (parent.foreignKey.columns.length === 1) spec.references = `${parent.foreignKey.table}.${parent.foreignKey.referencedColumns[0]}`;
      notes.push(`the ${parent.foreignKey.table} row it belongs to (the table's parent)`);
    } else if (fk) {
      spec.ref = `${fk.table}.${fk.referencedColumns[0]}`;
    } else if (compositeKey && compositeKey.columns[0] === column.name) {
      // A composite key is read from one random row of the referenced table: its first column picks the row, the others copy it.
      spec.ref = `${compositeKey.table}.${compositeKey.referencedColumns[0]}`;
    } else if (compositeKey) {
      spec.from = `${compositeKey.columns[0]}.${compositeKey.referencedColumns[compositeKey.columns.indexOf(column.name)]}`;
    } else {
      const backward = context.backward.find((k) => k.columns.includes(column.name));
      if (backward) {
        context.warn(`${table.name}.${column.name} refers to ${backward.table}, which is not generated before ${table.name} (a cycle or a self-reference): its values are generated without the foreign key`);
        notes.push(`TODO: a foreign key to ${backward.table} in the source, left out: ${backward.table === table.name ? 'a table cannot refer to its own rows' : 'the keys form a cycle'}.`);
      }
      const isKey = isPrimary || column.unique;
      const fit = profileColumn({ table: table.name, column, values, rowCount: table.rowCount, isKey, keepValues: context.keepValues(table.name, column.name) });
      Object.assign(spec, refineByRelations(table, column.name, fit.generator, values, rows, pairsByKey, parent?.foreignKey, context.earlier, notes));
      if (!notes.some((n) => n.startsWith('date_offset') || n.startsWith('by '))) notes.push(fit.description);
    }
    if (nullShare > 0 && !column.notNull) {
      spec.null_probability = roundTo(nullShare, 4);
      notes.push(`NULL in ${percent(nullShare)} of ${thousands(rows.length)} rows`);
    }
    columns.push({ name: column.name, spec, comments: notes });
  }

  const foreignKeys = table.foreignKeys
    .filter((fk) => fk.columns.length > 1 && forward.includes(fk))
    .map((fk) => ({ columns: fk.columns, references: { table: fk.table, columns: fk.referencedColumns } }));
  return {
    name: table.name,
    comments,
    rows: parent ? { per_parent: { parent: parent.foreignKey.table, count: parent.count.generator } } : { count: `\${${table.name}}` },
    rowsComment: parent ? `children per ${parent.foreignKey.table} row: ${parent.count.description}; ${thousands(table.rowCount)} rows in the source` : undefined,
    columns,
    primaryKey: table.primaryKey.length > 1 ? table.primaryKey : undefined,
    foreignKeys: foreignKeys.length ? foreignKeys : undefined,
    indexes: table.indexes.length ? table.indexes.map((i) => (i.unique ? { columns: i.columns, unique: true } : i.columns)) : undefined,
  };
}

/**
 * The foreign key whose children cluster most clearly under their parent, when one does: never
 * NULL in the sample, and its fan-out clearly unlike the Poisson that random references would give.
 */
async function pickParent(table: SourceTable, forward: SourceForeignKey[], rows: SourceRow[], context: TableContext) {
  if (table.rowCount === 0 || rows.length === 0) return undefined;
  let best: { foreignKey: SourceForeignKey; counts: number[]; strength: number } | undefined;
  for (const fk of forward) {
    if (fk.table === table.name || context.earlier.get(fk.table)!.rowCount === 0) continue;
    if (rows.some((r) => fk.columns.some((c) => r[c] === null || r[c] === undefined))) continue;
    const counts = await context.source.childCounts(table.name, fk, context.sample);
    if (counts.length === 0) continue;
    const strength = clustering(counts);
    if (strength > 0 && (!best || strength > best.strength)) best = { foreignKey: fk, counts, strength };
  }
  return best && { foreignKey: best.foreignKey, count: fitCounts(best.counts) };
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
  parentKey: SourceForeignKey | undefined,
  earlier: Map<string, SourceTable>,
  notes: string[],
): Record<string, unknown> {
  const column = table.columns.find((c) => c.name === columnName)!;
  const pathOf = (fk: SourceForeignKey, referenced: string) => (fk === parentKey ? `parent.${referenced}` : fk.columns.length === 1 ? `${fk.columns[0]}.${referenced}` : undefined);
  if ('date_between' in generator) {
    let best: { path: string; offset: Record<string, unknown>; description: string } | undefined;
    for (const [fk, pairs] of pairsByKey) {
      const dateColumns = (earlier.get(fk.table)?.columns ?? []).filter((c) => c.type.kind === 'date' || c.type.kind === 'datetime').map((c) => c.name);
      const fit = fitDateOffset(pairs.map((p) => ({ child: p.row[columnName], parent: p.parent })), dateColumns, column.type.kind === 'datetime');
      const path = fit && pathOf(fk, fit.parentColumn);
      if (fit && path && !best) best = { path, offset: fit.offset, description: fit.description };
    }
    if (best) {
      const to = (generator.date_between as { to: string }).to;
      notes.push(`date_offset: ${best.description}`);
      return { date_offset: { from: best.path, offset: best.offset, unit: 'days', not_after: to } };
    }
    return generator;
  }
  if (!('choice' in generator) || values.length === 0) return generator;
  let best: { path: string; cases: Array<{ key: string; generator: Record<string, unknown> }>; distance: number; description: string } | undefined;
  const consider = (path: string, pairs: Array<{ value: unknown; by: unknown }>) => {
    const usable = pairs.filter((p) => isPlain(p.value) && isPlain(p.by)) as Array<{ value: string | number | boolean; by: string | number | boolean }>;
    if (usable.length === 0 || !isCategorical(frequencies(usable.map((p) => p.by)), usable.length)) return;
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
  if (!best) return generator;
  const chosen = best as { path: string; cases: Array<{ key: string; generator: Record<string, unknown> }>; description: string };
  notes.push(`by ${chosen.path}: ${chosen.description}; other values use the whole column's weights`);
  return { by: chosen.path, cases: Object.fromEntries(chosen.cases.map((c) => [c.key, c.generator])), ...generator };
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
