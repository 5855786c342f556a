import { existsSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { userError } from '../../errors/problem';
import { makeFolder } from '../makeFolder';

/**
 * An output folder built beside its final place and swapped in whole at
 * `commit`, so a failed or aborted run leaves the previous folder untouched.
 */
export class StagedFolder {
  readonly location: string;
  /** The folder being built; worker threads write their parts into it before the swap. */
  readonly temp: string;
  private readonly retired: string;

  constructor(folder: string) {
    this.location = resolve(folder);
    this.temp = `${this.location}.tmp-${process.pid}`;
    this.retired = `${this.location}.old-${process.pid}`;
  }

  open(): void {
    try {
      rmSync(this.temp, { recursive: true, force: true });
      makeFolder(this.temp);
    } catch (err) {
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
    const hadPrevious = existsSync(this.location);
    if (hadPrevious) {
      rmSync(this.retired, { recursive: true, force: true });
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
    rmSync(this.temp, { recursive: true, force: true });
  }
}
