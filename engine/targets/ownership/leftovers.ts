import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readFolderMark } from './folderMark';
import { ENGINE_APPLICATION_ID, readSqliteHeader } from './sqliteMark';
import { isGone } from './writer';

/**
 * Removes what killed runs left beside a SQLite output: `<file>.tmp-<pid>` and its journal,
 * when the header shows the engine wrote it on this machine (application_id, user_version)
 * and that process is gone. Any other file of that name stays.
 */
export function removeSqliteLeftovers(location: string): void {
  for (const { path, pid } of staged(dirname(location), basename(location), 'tmp')) {
    const header = readSqliteHeader(path);
    if (header?.applicationId !== ENGINE_APPLICATION_ID || !isGone({ host: header.userVersion, pid })) continue;
    rmSync(path, { force: true });
    rmSync(`${path}-journal`, { force: true });
  }
}

/**
 * Removes what killed runs left beside an output folder (or a part's staging folder):
 * `<name>.tmp-<pid>` staging folders, and `<name>.old-<pid>`, the previous output moved
 * aside by a commit that was cut short: put back when the output is missing, else removed.
 * Only folders with the engine's mark, of this machine (the mark's host), whose process
 * (the name's pid) is gone.
 */
export function removeFolderLeftovers(location: string): void {
  const parent = dirname(location);
  const name = basename(location);
  for (const { path, pid, stage } of [...staged(parent, name, 'tmp'), ...staged(parent, name, 'old')]) {
    const mark = readFolderMark(path);
    if (!mark || !isGone({ host: mark.host, pid })) continue;
    if (stage === 'old' && !existsSync(location)) renameSync(path, location);
    else rmSync(path, { recursive: true, force: true });
  }
}

/** Entries `<name>.<stage>-<pid>` of `folder`. */
function staged(folder: string, name: string, stage: 'tmp' | 'old'): { path: string; pid: number; stage: 'tmp' | 'old' }[] {
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch {
    return [];
  }
  const prefix = `${name}.${stage}-`;
  return entries.flatMap((entry) => {
    const pid = entry.startsWith(prefix) ? entry.slice(prefix.length) : '';
    return /^[1-9]\d{0,9}$/.test(pid) ? [{ path: join(folder, entry), pid: Number(pid), stage }] : [];
  });
}
