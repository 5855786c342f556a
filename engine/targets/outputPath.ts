/**
 * The file or folder a target text writes: the folder of `csv:`/`parquet:`, the file of a
 * plain path or `file:`; undefined for a server URL, which writes no local path.
 */
export function localOutputPath(where: string): string | undefined {
  const folder = /^(csv|parquet):/i.exec(where);
  if (folder) return where.slice(folder[0].length);
  if (/^file:/i.test(where)) return where.slice('file:'.length);
  return /^[a-z][a-z0-9+]*:/i.test(where) ? undefined : where;
}
