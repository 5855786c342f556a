import type { SourceColumn, SourceRow } from '../sourceDatabase';
import { thousands } from './numberFormat';

/** Share of rows that must agree for a column to be derived, not drawn. */
const AGREEMENT = 0.99;
/** Fewest rows a derivation is trusted on. */
const MIN_ROWS = 30;
/** Most earlier number columns paired up in search of a product or sum (pairs grow with the square). */
const MAX_OPERANDS = 20;

export interface Derivation {
  generator: Record<string, unknown>;
  description: string;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Equal as the database gave them: numbers to a relative 1e-9, other values exactly. */
function same(a: unknown, b: unknown): boolean {
  if (isNumber(a) && isNumber(b)) return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  return a === b && a !== null && a !== undefined;
}

/** How many of n rows agree, when at least 99% do; undefined as soon as too many disagree (most candidates fail at once). */
function agreeing(n: number, agrees: (i: number) => boolean): number | undefined {
  const allowed = n - Math.ceil(AGREEMENT * n);
  let disagree = 0;
  for (let i = 0; i < n; i++) if (!agrees(i) && ++disagree > allowed) return undefined;
  return n - disagree;
}

/**
 * A column that holds, in (nearly) every row, the value of a column of a related row (a unit
 * price copied from the product picked): `from: <path>`. `related` pairs each sampled row with
 * the related row, under the path prefix the spec reads it by (`parent`, `product_id`).
 */
export function copiedFrom(
  column: SourceColumn,
  related: ReadonlyArray<{ prefix: string; columns: readonly SourceColumn[]; pairs: ReadonlyArray<{ row: SourceRow; parent: SourceRow }> }>,
): Derivation | undefined {
  for (const { prefix, columns, pairs } of related) {
    const withValue = pairs.filter((p) => p.row[column.name] !== null && p.row[column.name] !== undefined);
    if (withValue.length < MIN_ROWS || new Set(withValue.map((p) => p.row[column.name])).size < 2) continue;
    // A NOT NULL column copies only a NOT NULL one: the copy's rows may relate to any row, NULLs included.
    const candidates = columns.filter((c) => c.notNull || !column.notNull).map((c) => c.name).sort();
    for (const other of candidates) {
      const agree = agreeing(withValue.length, (i) => same(withValue[i].row[column.name], withValue[i].parent[other]));
      if (agree !== undefined) {
        const whose = prefix === 'parent' ? "the parent row's" : `the row ${prefix} refers to:`;
        return { generator: { from: `${prefix}.${other}` }, description: `copied from ${whose} ${other}, as in ${thousands(agree)} of ${thousands(withValue.length)} rows` };
      }
    }
  }
  return undefined;
}

/**
 * A number column that is the product or sum of two earlier number columns of its row in (nearly)
 * every row, to its own precision (a subtotal of quantity × unit price): `expr:`.
 */
export function computedFrom(column: SourceColumn, earlier: readonly SourceColumn[], rows: readonly SourceRow[]): Derivation | undefined {
  const kinds = ['integer', 'real', 'decimal'];
  if (!kinds.includes(column.type.kind)) return undefined;
  const operands = earlier.filter((c) => kinds.includes(c.type.kind)).slice(0, MAX_OPERANDS);
  const withValue = rows.filter((r) => isNumber(r[column.name]));
  if (withValue.length < MIN_ROWS || operands.length === 0) return undefined;
  // Half a unit of the column's last digit: a decimal(12, 2) total may differ from the exact product by rounding.
  const tolerance = column.type.kind === 'integer' ? 0.5 : column.type.kind === 'decimal' && column.type.scale !== undefined ? 0.5 * 10 ** -column.type.scale + 1e-9 : 1e-9;
  const operations: Array<[string, (a: number, b: number) => number]> = [
    ['*', (a, b) => a * b],
    ['+', (a, b) => a + b],
    ['-', (a, b) => a - b],
  ];
  for (const [symbol, apply] of operations) {
    for (let i = 0; i < operands.length; i++) {
      for (let j = symbol === '-' ? 0 : i; j < operands.length; j++) {
        if (i === j && symbol === '-') continue;
        const [a, b] = [operands[i].name, operands[j].name];
        const agree = agreeing(withValue.length, (k) => {
          const [x, y, z] = [withValue[k][a], withValue[k][b], withValue[k][column.name] as number];
          return isNumber(x) && isNumber(y) && Math.abs(apply(x, y) - z) <= tolerance * Math.max(1, column.type.kind === 'real' ? Math.abs(z) : 1);
        });
        if (agree !== undefined) {
          return { generator: { expr: `${a} ${symbol} ${b}` }, description: `${a} ${symbol} ${b}, as in ${thousands(agree)} of ${thousands(withValue.length)} rows` };
        }
      }
    }
  }
  return undefined;
}
