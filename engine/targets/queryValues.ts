import type { QueryValues } from './target';

/** Object rows as arrays, in the order of the first row's keys (no columns when there are no rows). */
export function valuesOf(objects: Record<string, unknown>[]): QueryValues {
  const columns = objects.length ? Object.keys(objects[0]) : [];
  return { columns, rows: objects.map((object) => columns.map((column) => object[column])) };
}
