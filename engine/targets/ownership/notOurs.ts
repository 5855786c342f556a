import { lstatSync, readdirSync, type Stats } from 'node:fs';
import { readFileStart } from './fileStart';
import { userError, type UserError } from '../../errors/problem';
import { hasFolderMark } from './folderMark';
import { ENGINE_APPLICATION_ID, readSqliteHeader } from './sqliteMark';

/** What an output is: a SQLite file, a folder of files (CSV, Parquet), an HTML report. */
export type OutputKind = 'sqlite' | 'folder' | 'html';

/** The tag every HTML report carries in its head: a page with it is the engine's to replace. */
export const HTML_REPORT_MARK = '<meta name="generator" content="hopify-engine">';

/**
 * Refuses (TARGET_NOT_OURS) to replace an existing output the engine did not write, unless
 * forced. Nothing there, an empty file or an empty folder loses nothing; a SQLite file with
 * the engine's application_id, a folder with its mark file and a page with its meta tag are
 * the engine's own. Anything else (another file, a folder without the mark, a symbolic
 * link, a device) is the user's.
 */
export function refuseIfNotOurs(path: string, kind: OutputKind, force = false): void {
  if (force) return;
  const what = notOurs(path, kind);
  if (what) throw notOursError(path, what);
}

/** Why the thing at `path` is not the engine's to replace, or undefined when it is (or nothing is there). */
function notOurs(path: string, kind: OutputKind): string | undefined {
  let stat: Stats;
  try {
    stat = lstatSync(path);
  } catch {
    return undefined;
  }
  if (stat.isSymbolicLink()) return 'a symbolic link';
  if (stat.isDirectory()) {
    if (hasFolderMark(path) || isEmptyFolder(path)) return undefined;
    return kind === 'folder' ? 'a folder without the mark file .hopify-engine the engine writes into its folders' : 'a folder';
  }
  if (!stat.isFile()) return 'not a regular file';
  if (stat.size === 0) return undefined;
  if (kind === 'sqlite') {
    const header = readSqliteHeader(path);
    if (!header) return 'a file that is not a SQLite database';
    return header.applicationId === ENGINE_APPLICATION_ID ? undefined : 'a SQLite database without the mark (application_id) the engine gives its files';
  }
  if (kind === 'html') return readFileStart(path, 4096)?.toString('utf8').includes(HTML_REPORT_MARK) ? undefined : 'a file that is not a report the engine wrote';
  return 'a file';
}

function isEmptyFolder(path: string): boolean {
  try {
    return readdirSync(path).length === 0;
  } catch {
    return false;
  }
}

function notOursError(path: string, what: string): UserError {
  return userError('TARGET_NOT_OURS', `${path} exists and was not written by hopify-engine (${what}): it is left as it is`, {
    hint: 'choose another output, move it away yourself, or run again with --force to replace it',
  });
}
