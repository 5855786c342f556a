import type { InitOptions } from './initOptions';
import { orderTables } from './profile/tableOrder';
import { profileTable } from './profile/profileTable';
import { writeSpec, type SpecDraft, type TableDraft } from './specWriter';
import type { SourceDatabase, SourceSchema, SourceTable } from './sourceDatabase';
import { dateMillis, formatDate } from './profile/dates';
import { thousands } from './profile/numberFormat';
import { NAME } from '../spec/schema';

/**
 * A commented spec that regenerates a look-alike of `source`: its tables in foreign-key order,
 * each column's generator fitted to a bounded sample, its keys and constraints as checks. The
 * same source gives the same text (no clock, no randomness); the warnings name what could not be
 * carried over and was kept in another form.
 */
export async function initSpec(source: SourceDatabase, options: InitOptions): Promise<{ yaml: string; warnings: string[] }> {
  const schema = await source.schema();
  const warnings: string[] = [];
  const selected = selectTables(schema, options.tables);
  const { tables, backward } = orderTables(selected);
  for (const table of tables) {
    if (!SPEC_NAME.test(table.name)) warnings.push(`table "${table.name}" has a name the spec language does not take (letters, digits and _): rename it in the spec and wherever it is referred to`);
    for (const column of table.columns) {
      if (!SPEC_NAME.test(column.name)) warnings.push(`column "${column.name}" of ${table.name} has a name the spec language does not take (letters, digits and _): rename it in the spec and wherever it is referred to`);
    }
  }
  const earlier = new Map<string, SourceTable>();
  const drafts: TableDraft[] = [];
  const keep = new Set(options.keepValues);
  for (const table of tables) {
    const draft = await profileTable(table, {
      source,
      sample: options.sample,
      earlier,
      backward: backward.filter((b) => b.table === table.name).map((b) => b.foreignKey),
      keepValues: (t, c) => keep.has(`${t}.${c}`) || keep.has(c),
      warn: (message) => warnings.push(message),
    });
    drafts.push(draft);
    earlier.set(table.name, table);
  }
  const name = specName(schema.displayName);
  const draft: SpecDraft = {
    name,
    description: `A look-alike of ${schema.displayName}: ${tables.length} tables, values fitted to a sample of each.`,
    header: [
      `Written by \`init --from ${schema.displayName}\` (${schema.dialect}). Each generator was fitted to a sample of at most`,
      `${thousands(options.sample)} rows per table; the comment above it says what it saw. Real values are copied only for`,
      'low-cardinality categories and the columns named in --keep-values. Review the TODO lines before use.',
    ],
    asOf: latestDate(drafts),
    params: tables
      .filter((t) => 'count' in (drafts.find((d) => d.name === t.name)!.rows))
      .map((t) => ({ name: t.name, value: t.rowCount, comment: `rows of ${t.name} at scale 1, as in the source` })),
    tables: drafts,
    checks: checksOf(tables, drafts),
  };
  return { yaml: writeSpec(draft), warnings };
}

/** Names the spec language takes unquoted on every target. */
const SPEC_NAME = new RegExp(NAME.pattern);

function selectTables(schema: SourceSchema, wanted: string[] | undefined): SourceTable[] {
  if (!wanted) return schema.tables;
  const chosen = new Set(wanted);
  const tables = schema.tables.filter((t) => chosen.has(t.name));
  // A foreign key to a table left out has nothing to refer to: the column is profiled like any other.
  return tables.map((t) => ({ ...t, foreignKeys: t.foreignKeys.filter((fk) => chosen.has(fk.table)) }));
}

/** The dataset's name from where it came from: the file or database name, in spec-name characters. */
function specName(displayName: string): string {
  const last = displayName.split(/[\\/]/).filter(Boolean).pop() ?? 'database';
  const base = last.replace(/\?.*$/, '').replace(/\.[A-Za-z0-9]+$/, '');
  const cleaned = base.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '');
  return cleaned || 'database';
}

/** The latest date any date generator may write: the dataset's today, so `as_of` never comes from the clock. */
function latestDate(drafts: TableDraft[]): string | undefined {
  let latest: number | undefined;
  for (const table of drafts) {
    for (const column of table.columns) {
      // A date shaped by month draws one range per month, under cases.
      const generators = [column.spec, ...Object.values((column.spec.cases ?? {}) as Record<string, Record<string, unknown>>)];
      for (const generator of generators) {
        const range = generator.date_between as { to: string } | undefined;
        const offset = generator.date_offset as { not_after: string } | undefined;
        const t = dateMillis(range?.to ?? offset?.not_after);
        if (t !== undefined && (latest === undefined || t > latest)) latest = t;
      }
    }
  }
  return latest === undefined ? undefined : formatDate(latest, false);
}

/** SQL checks of the constraints the spec keeps: every foreign key resolves, keys are unique, NOT NULL holds. */
function checksOf(tables: SourceTable[], drafts: TableDraft[]): SpecDraft['checks'] {
  const checks: SpecDraft['checks'] = [];
  for (const table of tables) {
    const draft = drafts.find((d) => d.name === table.name)!;
    // A hidden column (a composite key's pick) is not in the database to check.
    const keys = draft.columns.filter((column) => column.spec.write !== false).flatMap((column) => {
      const target = (column.spec.references ?? column.spec.ref) as string | undefined;
      return target ? [{ columns: [column.name], references: { table: target.split('.')[0], columns: [target.split('.')[1]] } }] : [];
    });
    for (const fk of [...keys, ...(draft.foreignKeys ?? [])]) {
      const parent = fk.references;
      const on = fk.columns.map((c, i) => `p.${parent.columns[i]} = c.${c}`).join(' AND ');
      const present = fk.columns.map((c) => `c.${c} IS NOT NULL`).join(' AND ');
      checks.push({
        name: `${table.name}_${fk.columns.join('_')}_exists`,
        description: `Every ${table.name}.${fk.columns.join(', ')} refers to a row of ${parent.table}.`,
        sql: `SELECT ${fk.columns.map((c) => `c.${c}`).join(', ')} FROM ${table.name} c LEFT JOIN ${parent.table} p ON ${on} WHERE ${present} AND p.${parent.columns[0]} IS NULL`,
      });
    }
    if (table.primaryKey.length > 0) {
      const key = table.primaryKey.join(', ');
      checks.push({ name: `${table.name}_primary_key_unique`, description: `No two ${table.name} rows share (${key}).`, sql: `SELECT ${key} FROM ${table.name} GROUP BY ${key} HAVING COUNT(*) > 1` });
    }
    for (const column of table.columns) {
      if (column.unique && !(table.primaryKey.length === 1 && table.primaryKey[0] === column.name)) {
        checks.push({ name: `${table.name}_${column.name}_unique`, description: `No two ${table.name} rows have the same ${column.name}.`, sql: `SELECT ${column.name} FROM ${table.name} WHERE ${column.name} IS NOT NULL GROUP BY ${column.name} HAVING COUNT(*) > 1` });
      }
    }
    const required = table.columns.filter((c) => c.notNull && !table.primaryKey.includes(c.name)).map((c) => c.name);
    if (required.length > 0) {
      checks.push({ name: `${table.name}_not_null`, description: `${required.join(', ')} of ${table.name} are never NULL.`, sql: `SELECT * FROM ${table.name} WHERE ${required.map((c) => `${c} IS NULL`).join(' OR ')}` });
    }
  }
  return checks;
}
