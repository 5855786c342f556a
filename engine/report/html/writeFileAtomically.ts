import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { userError } from '../../errors/problem';

/** Writes a temp file beside `path` and renames it over `path`: readers see the old file or the whole new one, never a part. */
export function writeFileAtomically(path: string, text: string): string {
  const target = resolve(path);
  const temp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}`);
  let folderMade = false;
  try {
    mkdirSync(dirname(target), { recursive: true });
    folderMade = true;
    writeFileSync(temp, text);
    renameSync(temp, target);
  } catch (err) {
    // A part-written temp file goes; without the folder there is none.
    if (folderMade) rmSync(temp, { force: true });
    throw userError('TARGET_WRITE_FAILED', `cannot write ${path}: ${(err as Error).message}`, { hint: 'choose a file in a folder you can write to' });
  }
  return target;
}
