import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

/** SHA-256 of every table's rows in primary-key order: equal hashes mean identical data. */
export function tableHashes(db: Database.Database): Record<string, string> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  const hashes: Record<string, string> = {};
  for (const { name } of tables) {
    const hash = createHash('sha256');
    for (const row of db.prepare(`SELECT * FROM "${name}" ORDER BY 1`).raw().iterate()) hash.update(JSON.stringify(row));
    hashes[name] = hash.digest('hex');
  }
  return hashes;
}
