import { stringify } from 'csv-stringify/sync';
import type { ColumnDef } from '../../targets/target';

export type PreviewFormat = 'table' | 'csv' | 'json';

/** Cells narrower than this are never cut: an ellipsis needs something beside it. */
const MIN_CELL = 4;
const GAP = '  ';
const NUMERIC = new Set(['integer', 'real', 'decimal']);

/** A value as the column means it: booleans arrive from the run as 1/0. */
function valueOf(column: ColumnDef, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (column.type === 'boolean') return value === 1 || value === true;
  return value;
}

export function formatRows(columns: ColumnDef[], rows: unknown[][], format: PreviewFormat, width: number): string {
  const values = rows.map((row) => columns.map((column, j) => valueOf(column, row[j])));
  if (format === 'json') {
    return JSON.stringify(values.map((row) => Object.fromEntries(columns.map((column, j) => [column.name, row[j]]))), null, 2) + '\n';
  }
  if (format === 'csv') return stringify([columns.map((c) => c.name), ...values.map((row) => row.map((v) => (v === null ? '' : String(v))))], { record_delimiter: 'unix' });
  return alignedTable(columns, values, width);
}

/** Header, rule and rows in columns `width` characters wide at most; the widest columns give way first, cut with an ellipsis. */
function alignedTable(columns: ColumnDef[], values: unknown[][], width: number): string {
  const header = columns.map((c) => c.name);
  // Control characters would break the line; NULL is told apart from an empty text.
  const cells = values.map((row) => row.map((v) => (v === null ? 'NULL' : String(v).replace(/[\u0000-\u001f]/g, ' '))));
  // No cell is wider than the whole line, so fitting costs no more than the line's width per column.
  const widths = header.map((name, j) => Math.min(width, Math.max(name.length, ...cells.map((row) => row[j].length))));
  fitWidths(widths, width - GAP.length * (columns.length - 1));
  const right = columns.map((c) => NUMERIC.has(c.type));
  const line = (row: string[]) =>
    row
      .map((text, j) => {
        const cut = text.length > widths[j] ? text.slice(0, widths[j] - 1) + '…' : text;
        return right[j] ? cut.padStart(widths[j]) : cut.padEnd(widths[j]);
      })
      .join(GAP)
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join(GAP), ...cells.map(line)].join('\n') + '\n';
}

/** Narrows the widest column by one until the columns fit `room`, or every column is at MIN_CELL. */
function fitWidths(widths: number[], room: number): void {
  let total = widths.reduce((a, b) => a + b, 0);
  while (total > room) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest] <= MIN_CELL) return;
    widths[widest]--;
    total--;
  }
}
