import type { ParentCount, SourceColumn, SourceForeignKey } from '../sourceDatabase';
import { frequencies, isCategorical } from './choices';
import { fitCounts, type CountFit } from './fitCounts';

/** Fewest parents of one category a fan-out case is fitted on. */
const MIN_GROUP = 50;
/** Standard errors a category's mean fan-out must lie from the whole's. */
const MIN_Z = 4;
/** Smallest relative difference of that mean worth a case. */
const MIN_CHANGE = 0.25;

export interface FanOutByParent {
  /** `{ by: parent.<column>, cases: { … }, <fallback> }` */
  generator: Record<string, unknown>;
  description: string;
}

/**
 * Children per parent that depend on a category of the parent (orders per customer by segment),
 * from sampled parents with their exact child counts. A category qualifies when one of its values
 * (50 parents or more) has a mean fan-out more than 4 standard errors and 25% away from the
 * whole's; the clearest one wins.
 */
export function fitFanOutByParent(sampled: readonly ParentCount[], key: SourceForeignKey, parentColumns: readonly SourceColumn[]): FanOutByParent | undefined {
  const counts = sampled.map((p) => p.count);
  const parents = sampled.map((p) => p.parent);
  const n = counts.length;
  if (n === 0) return undefined;
  const mean = counts.reduce((s, c) => s + c, 0) / n;
  const sd = Math.sqrt(counts.reduce((s, c) => s + (c - mean) ** 2, 0) / Math.max(1, n - 1));
  if (mean === 0 || sd === 0) return undefined;
  let best: { column: string; groups: Map<string, number[]>; change: number } | undefined;
  for (const column of parentColumns) {
    if (key.referencedColumns.includes(column.name)) continue;
    const values = parents.map((p) => p[column.name]);
    const plain = values.filter((v): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean');
    if (plain.length < n || !isCategorical(frequencies(plain), n)) continue;
    const groups = new Map<string, number[]>();
    values.forEach((v, i) => {
      const g = String(v);
      if (!groups.has(g)) groups.set(g, []);
      groups.get(g)!.push(counts[i]);
    });
    let change = 0;
    for (const group of groups.values()) {
      if (group.length < MIN_GROUP) continue;
      const groupMean = group.reduce((s, c) => s + c, 0) / group.length;
      const z = Math.abs(groupMean - mean) / (sd / Math.sqrt(group.length));
      const relative = Math.abs(groupMean - mean) / mean;
      if (z >= MIN_Z && relative >= MIN_CHANGE) change = Math.max(change, relative);
    }
    if (change > 0 && (!best || change > best.change)) best = { column: column.name, groups, change };
  }
  if (!best) return undefined;
  const cases: Array<[string, CountFit]> = [...best.groups]
    .filter(([, group]) => group.length >= MIN_GROUP)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([value, group]) => [value, fitCounts(group)]);
  // Parents of a value without a case (too few of them, or one never seen) take the fan-out of those without one.
  const leftOver = [...best.groups.values()].filter((group) => group.length < MIN_GROUP).flat();
  const fallback = fitCounts(leftOver.length > 0 ? leftOver : counts);
  return {
    generator: { by: `parent.${best.column}`, cases: Object.fromEntries(cases.map(([value, fit]) => [value, fit.generator])), ...fallback.generator },
    description: `by its ${best.column}: ${cases.map(([value, fit]) => `${value} ${fit.description}`).join('; ')}; any other ${fallback.description}`,
  };
}
