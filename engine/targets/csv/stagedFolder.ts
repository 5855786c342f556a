import { lstatSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError, userError } from '../../errors/problem';
import { makeFolder } from '../makeFolder';
import { markFolder } from '../ownership/folderMark';
import { removeFolderLeftovers } from '../ownership/leftovers';
import { refuseIfNotOurs } from '../ownership/notOurs';

/**
 * An output folder built beside its final place and swapped in whole at
 * `commit`, so a failed or aborted run leaves the previous folder untouched.
 * The folder it builds carries the engine's mark; the one it replaces must carry it
 * too (or be empty), unless `force`.
 */
export class StagedFolder {
  readonly location: string;
  /** The folder being built; worker threads write their parts into it before the swap. */
  readonly temp: string;
  private readonly retired: string;
  private made = false;

  constructor(
    folder: string,
    private readonly force = false,
  ) {
    this.location = resolve(folder);
    this.temp = `${this.location}.tmp-${process.pid}`;
    this.retired = `${this.location}.old-${process.pid}`;
  }

  open(): void {
    try {
      removeFolderLeftovers(this.location);
      refuseIfNotOurs(this.location, 'folder', this.force);
      removeOwnStaging(this.temp);
      makeFolder(this.temp);
      this.made = true;
      markFolder(this.temp);
    } catch (err) {
      if (err instanceof UserError) throw err;
      throw userError('TARGET_WRITE_FAILED', `cannot write beside ${this.location}: ${(err as Error).message}`, { hint: 'choose an output folder you can write to' });
    }
  }

  /** Where a table's file goes while the run lasts; table names must be plain file names. */
  path(table: string, extension: string): string {
    if (!/^[^/\\]+$/.test(table) || table === '.' || table === '..') {
      throw userError('SPEC_UNSAFE_PATH', `table name "${table}" cannot be a file name`, { hint: 'rename the table: no slashes or dot-only names' });
    }
    return join(this.temp, `${table}.${extension}`);
  }

  /** Moves the old folder aside, the new one in, then deletes the old; puts the old back if the move fails. */
  commit(): void {
    // Asked again: something may have appeared at the output while the run lasted.
    refuseIfNotOurs(this.location, 'folder', this.force);
    const hadPrevious = exists(this.location);
    if (hadPrevious) {
      removeOwnStaging(this.retired);
      renameSync(this.location, this.retired);
    }
    try {
      renameSync(this.temp, this.location);
    } catch (err) {
      if (hadPrevious) renameSync(this.retired, this.location);
      throw userError('TARGET_WRITE_FAILED', `cannot move the new files to ${this.location}: ${(err as Error).message}`, { hint: 'the previous folder is untouched' });
    }
    if (hadPrevious) rmSync(this.retired, { recursive: true, force: true });
  }

  abort(): void {
    if (this.made) rmSync(this.temp, { recursive: true, force: true });
  }
}

/** Clears a staging name of this process (left by an earlier process with the same id): only when the engine made what is there. */
function removeOwnStaging(path: string): void {
  if (!exists(path)) return;
  refuseIfNotOurs(path, 'folder');
  rmSync(path, { recursive: true, force: true });
}

/** Whether anything is at `path`, a dangling symbolic link included. */
function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
