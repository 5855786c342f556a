import type { SourceDatabase, SourceForeignKey, SourceRow, SourceTable } from '../sourceDatabase';
import type { ColumnDraft, TableDraft } from '../specWriter';
import { fitDateShape } from './dateShape';
import { computedFrom, copiedFrom } from './derivedColumns';
import { percent, roundTo, thousands } from './numberFormat';
import { profileColumn } from './profileColumn';
import { refineByRelations } from './relations';
import { childNumberColumn, driverOf, placeRows } from './rowPlacement';
import { typeOf } from './specType';

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
  const placedKeys = placement.kind === 'per_parent' ? [placement.foreignKey] : placement.kind === 'cross_product' ? [placement.left, placement.right] : [];
  const drawn = drawnComposites(table, forward, placedKeys, context);
  const keptKeys = forward.filter((fk) => fk.columns.length === 1 || placedKeys.includes(fk) || drawn.some((d) => d.foreignKey === fk));
  for (const fk of forward.filter((k) => !keptKeys.includes(k))) {
    context.warn(`${table.name}(${fk.columns.join(', ')}) refers to ${fk.table} by a composite key whose columns another key already sets: its columns are generated without the foreign key`);
    comments.push(`TODO: the composite foreign key (${fk.columns.join(', ')}) → ${fk.table} is left out (its columns are set by another key); they are profiled one by one.`);
  }
  const pathTo = (fk: SourceForeignKey, referenced: string): string | undefined => {
    if (placement.kind === 'per_parent' && fk === placement.foreignKey) return `parent.${referenced}`;
    if (placement.kind === 'cross_product') return undefined;
    const composite = drawn.find((d) => d.foreignKey === fk);
    if (composite) return `${composite.column}.${referenced}`;
    // A column a composite key copies is no `ref`: no path reads through it.
    if (drawn.some((d) => d.foreignKey.columns.includes(fk.columns[0]))) return undefined;
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

  const categories = new Map<string, boolean>();
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
    const drawnBy = drawn.find((d) => d.foreignKey.columns.includes(column.name));
    const fk = keptKeys.find((k) => k.columns.length === 1 && k.columns[0] === column.name);
    if (drawnBy && drawnBy.foreignKey.columns[0] === column.name) columns.push(drawnBy.draft);
    if (drawnBy) {
      // The key's columns read the one row the hidden ref picked; a single-column key of its own stays declared.
      spec.from = `${drawnBy.column}.${drawnBy.foreignKey.referencedColumns[drawnBy.foreignKey.columns.indexOf(column.name)]}`;
      if (fk) spec.references = `${fk.table}.${fk.referencedColumns[0]}`;
      notes.push(`the ${drawnBy.foreignKey.table} row ${drawnBy.column} picked`);
    } else if (placedBy) {
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
        const refined = refineByRelations(table, column.name, fit.generator, values, rows, pairsByKey, pathTo, context.earlier, categories);
        // Dates that follow no other date may still follow the calendar: a trend, a season, quiet weekends.
        const taken = (name: string) => table.columns.some((c) => c.name === name) || columns.some((c) => c.name === name);
        const shape = 'date_between' in refined.generator ? fitDateShape(column.name, values, column.type.kind === 'datetime', taken) : undefined;
        if (shape) columns.push(...shape.hidden);
        Object.assign(spec, shape?.generator ?? refined.generator);
        notes.push(shape?.description ?? refined.description ?? fit.description);
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

/** A composite foreign key drawn whole: a hidden `ref` picks a row of the referenced table, and the key's columns copy its columns. */
interface DrawnComposite {
  foreignKey: SourceForeignKey;
  /** The hidden column holding the pick. */
  column: string;
  draft: ColumnDraft;
}

/**
 * A `ref` picks one row, and `<ref column>.<column>` reads that same row: so the columns of a
 * composite key (lineitem's part and supplier → partsupp) are copied from one picked row and the
 * pair always exists. A key whose columns another key already sets (the parent's, or an earlier
 * composite) is left to that key.
 */
function drawnComposites(table: SourceTable, forward: SourceForeignKey[], placedKeys: SourceForeignKey[], context: TableContext): DrawnComposite[] {
  const taken = new Set(placedKeys.flatMap((k) => k.columns));
  const names = new Set(table.columns.map((c) => c.name));
  const drawn: DrawnComposite[] = [];
  for (const fk of forward) {
    if (fk.columns.length < 2 || placedKeys.includes(fk) || fk.columns.some((c) => taken.has(c))) continue;
    fk.columns.forEach((c) => taken.add(c));
    let column = `${fk.table}_row`;
    for (let n = 2; names.has(column); n++) column = `${fk.table}_row_${n}`;
    names.add(column);
    const parent = context.earlier.get(fk.table)!;
    const key = parent.columns.find((c) => c.name === fk.referencedColumns[0])!;
    drawn.push({
      foreignKey: fk,
      column,
      draft: {
        name: column,
        spec: { type: typeOf(key.type), write: false, ref: `${fk.table}.${key.name}` },
        comments: [`a random ${fk.table} row, not written: (${fk.columns.join(', ')}) are read from it, so the composite key to ${fk.table} holds`],
      },
    });
  }
  return drawn;
}
