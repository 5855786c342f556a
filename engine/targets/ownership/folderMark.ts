import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
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

/** The run named by a folder's mark; undefined when the folder has none (or something else under its name). */
export function readFolderMark(dir: string): Writer | undefined {
  const path = join(dir, FOLDER_MARK);
  try {
    // A mark is one short line: anything else under its name is not one.
    const stat = statSync(path);
    return stat.isFile() && stat.size <= 200 ? parseWriterMark(readFileSync(path, 'utf8')) : undefined;
  } catch {
    return undefined;
  }
}
