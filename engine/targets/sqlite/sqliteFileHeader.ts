import { closeSync, openSync, readSync } from 'node:fs';

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Does the regular file at `path` begin as every SQLite database does? Not when it cannot be
 * read, nor when it is empty (SQLite would take that for a new database; the engine never writes one).
 */
export function hasSqliteHeader(path: string): boolean {
  const header = Buffer.alloc(MAGIC.length);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    return readSync(fd, header, 0, header.length, 0) === header.length && header.equals(MAGIC);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
