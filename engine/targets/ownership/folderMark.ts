import { closeSync, lstatSync, openSync, readFileSync, writeSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { parseWriterMark, writerMark, type Writer } from './writer';

/** The file the engine writes into every folder it makes: a folder with it is the engine's to replace. */
export const FOLDER_MARK = '.hopify-engine';

/** Marks a folder as the engine's, naming this run; a mark already there (a shard's that made the folder) is kept. */
export function markFolder(dir: string): void {
  let fd: number;
  try {
    fd = openSync(join(dir, FOLDER_MARK), 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw err;
  }
  try {
    writeSync(fd, writerMark() + '\n');
  } finally {
    closeSync(fd);
  }
}

/** Whether the folder carries the mark; only its presence counts, so a shard still writing it has marked the folder for the others. */
export function hasFolderMark(dir: string): boolean {
  return markStat(dir)?.isFile() === true;
}

/** The run named by a folder's mark; undefined when the folder has none (or something else under its name). */
export function readFolderMark(dir: string): Writer | undefined {
  // A mark is one short line: anything else under its name is not one.
  const stat = markStat(dir);
  if (!stat?.isFile() || stat.size > 200) return undefined;
  try {
    return parseWriterMark(readFileSync(join(dir, FOLDER_MARK), 'utf8'));
  } catch {
    return undefined;
  }
}

/** The mark file's stat; undefined when there is none or it cannot be looked at (no folder there, no permission). */
function markStat(dir: string): Stats | undefined {
  try {
    return lstatSync(join(dir, FOLDER_MARK));
  } catch {
    return undefined;
  }
}
