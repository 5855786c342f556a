import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { userError } from '../../errors/problem';
import { notAFile, whyNotAFile } from '../../spec/regularFile';

/** Writes a temp file beside `path` and renames it over `path`: readers see the old file or the whole new one, never a part. */
export function writeFileAtomically(path: string, text: string): string {
  const target = resolve(path);
  // Only a file is replaced: renaming over a folder fails, over a FIFO or device it would swap out what is not ours.
  const kind = notAFile(target);
  if (kind && kind !== 'missing') throw userError('TARGET_WRITE_FAILED', `cannot write ${path}: it ${whyNotAFile(kind)}`, { hint: 'name a file for the page, e.g. out/report.html' });
  const temp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}`);
  let folderMade = false;
  let tempMade = false;
  try {
    mkdirSync(dirname(target), { recursive: true });
    folderMade = true;
    // `wx`: a file of that name this run did not make is never overwritten, nor removed below.
    const fd = openSync(temp, 'wx');
    tempMade = true;
    try {
      writeFileSync(fd, text);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (err) {
    // A part-written temp file goes.
    if (tempMade) rmSync(temp, { force: true });
    const code = (err as { code?: string }).code;
    const why = !folderMade && (code === 'ENOTDIR' || code === 'EEXIST') ? 'a file stands where a folder of its path should be' : (err as Error).message;
    throw userError('TARGET_WRITE_FAILED', `cannot write ${path}: ${why}`, { hint: 'choose a file in a folder you can write to' });
  }
  return target;
}
