import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { userError } from '../../errors/problem';
import { makeFolder } from '../makeFolder';
import { markFolder } from '../ownership/folderMark';
import { refuseIfNotOurs } from '../ownership/notOurs';
import { StagedFolder } from './stagedFolder';

/**
 * One shard's files in a folder many shards share: each table's rows land in
 * `<folder>/<table>/part-<shard>.<ext>` (five digits), the layout Spark, Trino and
 * DuckDB read as one table. Staged in a hidden folder inside the output (same file
 * system, outside the tables' folders), each file is renamed into place at `commit`;
 * a failed shard publishes nothing and leaves the other shards' parts alone. The shared
 * folder carries the engine's mark: one that exists without it (and is not empty) is
 * refused unless `force`.
 */
export class PartFolder {
  readonly location: string;
  private readonly staging: StagedFolder;
  private readonly partName: string;
  /** Staged files by table; a file gone by commit time (an intermediate) is not published. */
  private readonly staged: { table: string; path: string }[] = [];

  constructor(
    folder: string,
    part: number,
    private readonly force = false,
  ) {
    this.location = resolve(folder);
    this.partName = `part-${String(part).padStart(5, '0')}`;
    this.staging = new StagedFolder(join(this.location, `.staging-${this.partName}`));
  }

  open(): void {
    refuseIfNotOurs(this.location, 'folder', this.force);
    try {
      // Shards started together make and mark it together: the first mark stays.
      makeFolder(this.location);
      markFolder(this.location);
    } catch (err) {
      throw userError('TARGET_WRITE_FAILED', `cannot write to ${this.location}: ${(err as Error).message}`, { hint: 'choose an output folder you can write to' });
    }
    this.staging.open();
  }

  path(table: string, extension: string): string {
    const path = this.staging.path(table, extension);
    this.staged.push({ table, path });
    return path;
  }

  /** Moves each staged table file to `<table>/part-NNNNN.<ext>`, replacing this shard's previous part. */
  commit(): void {
    try {
      for (const { table, path } of this.staged) {
        if (!existsSync(path)) continue;
        const tableFolder = join(this.location, table);
        // Shards publish side by side: a folder another shard just made is no error.
        mkdirSync(tableFolder, { recursive: true });
        renameSync(path, join(tableFolder, `${this.partName}${basename(path).slice(table.length)}`));
      }
    } catch (err) {
      throw userError('TARGET_WRITE_FAILED', `cannot move the parts to ${this.location}: ${(err as Error).message}`, { hint: 'check the free space and permissions of the output folder' });
    } finally {
      this.staging.abort();
    }
  }

  abort(): void {
    this.staging.abort();
  }
}
