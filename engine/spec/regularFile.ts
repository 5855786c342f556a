import { readFileSync, statSync } from 'node:fs';

/** What stands where a file is expected when it is not a regular file. */
export type NotAFile = 'missing' | 'folder' | 'FIFO' | 'socket' | 'device' | 'unreadable';

const WHY: Record<NotAFile, string> = {
  missing: 'does not exist',
  folder: 'is a folder, not a file',
  FIFO: 'is a named pipe (FIFO), not a file',
  socket: 'is a socket, not a file',
  device: 'is a device, not a file',
  unreadable: 'cannot be read (no permission, or a loop of links)',
};

/** The end of a message about `kind`: "is a folder, not a file", "does not exist", … */
export function whyNotAFile(kind: NotAFile): string {
  return WHY[kind];
}

/**
 * What is at `path` (links followed) when it is not a regular file; undefined when it is one.
 * Only `stat` looks: opening a FIFO to find out would wait for a writer that never comes.
 */
export function notAFile(path: string): NotAFile | undefined {
  let stats;
  try {
    stats = statSync(path, { throwIfNoEntry: false });
  } catch (err) {
    // ENOTDIR: a file stands where a folder of the path should be.
    return (err as { code?: string }).code === 'ENOTDIR' ? 'missing' : 'unreadable';
  }
  if (!stats) return 'missing';
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'folder';
  if (stats.isFIFO()) return 'FIFO';
  if (stats.isSocket()) return 'socket';
  return 'device';
}

/** The text of a regular file; anything else at `path` is refused through `refuse` before it is opened. */
export function readRegularFile(path: string, refuse: (kind: NotAFile) => Error): string {
  const kind = notAFile(path);
  if (kind) throw refuse(kind);
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if (typeof (err as { code?: unknown }).code === 'string') throw refuse('unreadable');
    throw err;
  }
}
