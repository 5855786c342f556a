import type { ContextSpec, TableSpec } from './model';

/** A table's contexts, each with its spec path below the table (`context`, or `context.<i>` in a list). */
export function contextList(table: TableSpec): { spec: ContextSpec; at: (string | number)[] }[] {
  const context = table.context;
  if (context === undefined) return [];
  if (Array.isArray(context)) return context.map((spec, i) => ({ spec, at: ['context', i] }));
  return [{ spec: context, at: ['context'] }];
}
