import type { Problem } from '../../errors/problem';
import type { LoadedSpec } from '../../spec/load';
import { problemAt } from '../kpis';
import type { ChartSpec } from './chartSpecs';

/** A column's display name: its `labels:` entry, else the column. */
export const labelOf = (chart: ChartSpec, column: string): string => (Object.hasOwn(chart.labels, column) ? chart.labels[column] : column);

/** A value as a number; NULL is a gap; anything else that is not a number is a problem. */
export function number(loaded: LoadedSpec, chart: ChartSpec, column: string, value: unknown, row: number, problems: Problem[]): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === 'number' ? value : typeof value === 'bigint' || (typeof value === 'string' && value.trim() !== '') ? Number(value) : NaN;
  if (Number.isFinite(n)) return n;
  problems.push(problemAt(loaded, 'SPEC_BAD_OPTION', ['charts', chart.name, 'sql'], `chart "${chart.name}": column "${column}" holds ${JSON.stringify(value)} (row ${row + 1}), not a number`, `return numbers in "${column}"`));
  return null;
}
