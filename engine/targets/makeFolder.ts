import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Creates a folder and its missing parents, failing at the first the system refuses.
 * Node's `mkdirSync(dir, { recursive: true })` never returns where mkdir answers ENOENT
 * although the parent exists (under /proc it retries forever).
 */
export function makeFolder(dir: string): void {
  const missing: string[] = [];
  for (let folder = resolve(dir); !existsSync(folder) && dirname(folder) !== folder; folder = dirname(folder)) missing.unshift(folder);
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (err) {
      // Shards started together into one fresh output race to create it: theirs is as good as ours.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(folder).isDirectory()) throw err;
    }
  }
}
