import { runSpec, validateSpec } from '../helpers/runSpec';
import type { Problem } from '../../engine/errors/problem';

/** A one-table spec `t` with an `id` sequence and the given column lines (YAML, indented six spaces). */
export function tableSpec(columns: string, rows = 20_000): string {
  return `
name: t
seed: 1
as_of: 2025-06-30
tables:
  t:
    rows: { count: ${rows} }
    columns:
      id: { type: integer, primary_key: true, sequence: {} }
${columns}
`;
}

/** A one-table spec whose column `x` is `column` (YAML flow text), with `rows` rows. */
export function oneColumnSpec(column: string, rows = 20_000): string {
  return tableSpec(`      x: ${column}`, rows);
}

/** The values of column `x` after running a one-column spec. */
export async function sampleColumn(column: string, rows = 20_000): Promise<unknown[]> {
  const run = await runSpec(oneColumnSpec(column, rows));
  try {
    return run.rows('t').map((row) => row.x);
  } finally {
    run.close();
  }
}

/** Like sampleColumn, for numeric columns. */
export async function sampleNumbers(column: string, rows = 20_000): Promise<number[]> {
  const values = await sampleColumn(column, rows);
  for (const v of values) if (typeof v !== 'number') throw new Error(`expected numbers, got ${JSON.stringify(v)}`);
  return values as number[];
}

/** Problems of a one-column spec. */
export function columnProblems(column: string): Problem[] {
  return validateSpec(oneColumnSpec(column, 10));
}

/** Share of `values` equal to `value`. */
export function shareOf(values: unknown[], value: unknown): number {
  return values.filter((v) => v === value).length / values.length;
}

/** Kolmogorov–Smirnov distance between the sample and a CDF; below 1.95/√n passes at the 0.1% level. */
export function ksDistance(values: number[], cdf: (x: number) => number): number {
  const sorted = [...values].sort((a, b) => a - b);
  let worst = 0;
  sorted.forEach((x, i) => {
    const f = cdf(x);
    worst = Math.max(worst, Math.abs((i + 1) / sorted.length - f), Math.abs(f - i / sorted.length));
  });
  return worst;
}

/** The 0.1%-level KS threshold for n samples. */
export const ksLimit = (n: number) => 1.95 / Math.sqrt(n);

/** Epoch ms of a written `YYYY-MM-DD` or `YYYY-MM-DD HH:mm:ss` value (UTC). */
export function writtenDateMs(text: unknown): number {
  const s = String(text);
  return Date.parse(s.length === 10 ? `${s}T00:00:00Z` : `${s.replace(' ', 'T')}Z`);
}

export const DAY_MS = 86_400_000;

/**
 * Pearson χ² of integer samples against a probability mass function, over the values
 * expected at least 5 times; `limit` is a generous 0.1%-level bound (df + 4.5·√(2·df)).
 */
export function chiSquare(values: number[], pmf: (k: number) => number, from: number, to: number): { statistic: number; limit: number } {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let statistic = 0;
  let cells = 0;
  for (let k = from; k <= to; k++) {
    const expected = pmf(k) * values.length;
    if (expected < 5) continue;
    statistic += ((counts.get(k) ?? 0) - expected) ** 2 / expected;
    cells++;
  }
  const df = cells - 1;
  return { statistic, limit: df + 4.5 * Math.sqrt(2 * df) };
}
