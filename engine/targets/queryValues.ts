import type { QueryValues } from './target';

/** Object rows as arrays, in the order of the first row's keys (no columns when there are no rows), each made as it is read: they die young. */
export function valuesOf(objects: Record<string, unknown>[]): QueryValues {
  const columns = objects.length ? Object.keys(objects[0]) : [];
  return { columns, rows: asArrays(objects, columns) };
}

function* asArrays(objects: Record<string, unknown>[], columns: string[]): Generator<unknown[]> {
  for (const object of objects) yield columns.map((column) => object[column]);
}
