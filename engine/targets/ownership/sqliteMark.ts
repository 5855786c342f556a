import { readFileStart } from './fileStart';

/** `PRAGMA application_id` of every SQLite file the engine writes ("Hopf" in ASCII): what makes a file the engine's to replace. */
export const ENGINE_APPLICATION_ID = 0x486f7066;

const MAGIC = 'SQLite format 3\0';

/** The header fields that say who wrote a SQLite file (`user_version` holds a staging file's host hash); undefined when it is no SQLite file. */
export function readSqliteHeader(path: string): { applicationId: number; userVersion: number } | undefined {
  const header = readFileStart(path, 100);
  if (!header || header.length < 100) return undefined;
  if (header.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
  return { userVersion: header.readInt32BE(60), applicationId: header.readInt32BE(68) };
}
