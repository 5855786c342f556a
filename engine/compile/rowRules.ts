import type { TableSpec } from '../spec/model';
import type { SpecPath } from '../spec/positions';
import { compileNoOverlap, type NoOverlapRule } from '../run/noOverlap';
import type { CompiledColumn } from './column';
import type { TableScope } from './scope';

/**
 * The rules over a table's rows, once its columns compiled (`ordered`, in generation order):
 * which columns sorted children draw before the sort, and the `no_overlap:` rules. Problems
 * go to `report` at their spec paths.
 */
export function compileRowRules(table: string, spec: TableSpec, scope: TableScope, ordered: CompiledColumn[], report: (err: unknown, path: SpecPath) => void): NoOverlapRule[] {
  try {
    scope.childOrder?.plan(ordered);
  } catch (err) {
    report(err, ['tables', table, 'rows', Object.keys(spec.rows)[0]]);
  }
  try {
    return compileNoOverlap(table, spec, new Set(scope.childOrder?.firstColumns.map((c) => c.name)));
  } catch (err) {
    report(err, ['tables', table]);
    return [];
  }
}
