import { stringify } from 'yaml';

/** A spec as `init` writes it: values plus the comments that say what each was fitted on. */
export interface SpecDraft {
  name: string;
  description: string;
  header: string[];
  asOf?: string;
  params: Array<{ name: string; value: number; comment: string }>;
  tables: TableDraft[];
  checks: Array<{ name: string; description: string; sql: string }>;
}

export interface TableDraft {
  name: string;
  comments: string[];
  rows: Record<string, unknown>;
  rowsComment?: string;
  columns: ColumnDraft[];
  primaryKey?: string[];
  foreignKeys?: Array<{ columns: string[]; references: { table: string; columns: string[] } }>;
  indexes?: Array<string[] | { columns: string[]; unique: boolean }>;
}

export interface ColumnDraft {
  name: string;
  spec: Record<string, unknown>;
  comments: string[];
}

/** Longest line a column is written on in flow style; longer ones are written as a block. */
const FLOW_WIDTH = 150;

/** The spec's YAML text: block style for the structure, one flow line per column, a comment above what was fitted. */
export function writeSpec(draft: SpecDraft): string {
  const out: string[] = [];
  for (const line of draft.header) out.push(comment(line, ''));
  out.push(`name: ${scalar(draft.name)}`, `description: ${scalar(draft.description)}`, 'seed: 1');
  if (draft.asOf) out.push(`as_of: ${draft.asOf}`);
  if (draft.params.length > 0) {
    out.push('', 'params:');
    for (const p of draft.params) out.push(`  ${scalar(p.name)}: ${p.value}   ${comment(p.comment, '')}`);
  }
  out.push('', 'tables:');
  draft.tables.forEach((table, i) => {
    if (i > 0) out.push('');
    out.push(`  ${scalar(table.name)}:`);
    for (const line of table.comments) out.push(comment(line, '    '));
    if (table.rowsComment) out.push(comment(table.rowsComment, '    '));
    out.push(...rowsEntry(table.rows));
    out.push('    columns:');
    for (const column of table.columns) {
      for (const line of column.comments) out.push(comment(line, '      '));
      out.push(...entry(column.name, column.spec, '      '));
    }
    if (table.primaryKey) out.push(`    primary_key: ${flow(table.primaryKey)}`);
    if (table.foreignKeys?.length) {
      out.push('    foreign_keys:');
      for (const fk of table.foreignKeys) out.push(`      - ${flow(fk)}`);
    }
    if (table.indexes?.length) {
      out.push('    indexes:');
      for (const index of table.indexes) out.push(`      - ${flow(index)}`);
    }
  });
  if (draft.checks.length > 0) {
    out.push('', 'checks:');
    for (const check of draft.checks) out.push(`  ${scalar(check.name)}:`, `    description: ${scalar(check.description)}`, `    sql: ${scalar(check.sql)}`);
  }
  return `${out.join('\n')}\n`;
}

function entry(name: string, value: Record<string, unknown>, indent: string): string[] {
  const line = `${indent}${scalar(name)}: ${flow(value)}`;
  if (line.length <= FLOW_WIDTH) return [line];
  // A long column (cases, a date offset, a long choice) reads better one key a line, and a long case one of its own.
  return [`${indent}${scalar(name)}:`, ...Object.entries(value).flatMap(([key, v]) => (isMap(v) ? entry(key, v, `${indent}  `) : [`${indent}  ${scalar(key)}: ${flow(v)}`]))];
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `rows:` on one line, or, when long (a fan-out by cases), its driver's options one a line. */
function rowsEntry(rows: Record<string, unknown>): string[] {
  const line = `    rows: ${flow(rows)}`;
  if (line.length <= FLOW_WIDTH) return [line];
  const [driver, options] = Object.entries(rows)[0];
  return ['    rows:', ...entry(driver, options as Record<string, unknown>, '      ')];
}

function flow(value: unknown): string {
  return stringify(value, { collectionStyle: 'flow', lineWidth: 0, flowCollectionPadding: true }).trimEnd();
}

function scalar(value: string): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

/** A comment line: its text on one line, whatever the data put in it. */
function comment(text: string, indent: string): string {
  return `${indent}# ${text.replace(/[\r\n]+/g, ' ')}`;
}
