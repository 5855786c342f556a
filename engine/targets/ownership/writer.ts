import { hostname } from 'node:os';

/** The run that made a staging file, folder or database: its machine (a hash of the host name) and its process. */
export interface Writer {
  host: number;
  pid: number;
}

/** FNV-1a of the host name, 31 bits: fits SQLite's signed header fields and names no machine in a shipped output. */
export function hostHash(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return (hash >>> 0) & 0x7fffffff;
}

/** This process, as its staging marks name it. */
export const THIS_WRITER: Writer = { host: hostHash(hostname()), pid: process.pid };

/**
 * Whether a writer's leftovers may be removed: it ran on this machine and its process is
 * gone. A process on another machine cannot be asked, so its leftovers stay.
 */
export function isGone(writer: Writer): boolean {
  if (writer.host !== THIS_WRITER.host || !Number.isInteger(writer.pid) || writer.pid <= 0) return false;
  try {
    process.kill(writer.pid, 0);
    return false;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

const WRITER_NAME = 'hopify-engine';

/** The text of a staging mark naming this run (folder mark file, staging database comment). */
export function writerMark(): string {
  return JSON.stringify({ writer: WRITER_NAME, ...THIS_WRITER });
}

/** The run a staging mark names; undefined when the text is not a mark of the engine. */
export function parseWriterMark(text: string): Writer | undefined {
  try {
    const mark = JSON.parse(text) as Partial<Writer> & { writer?: unknown };
    if (mark.writer !== WRITER_NAME || typeof mark.host !== 'number' || typeof mark.pid !== 'number') return undefined;
    return { host: mark.host, pid: mark.pid };
  } catch {
    return undefined;
  }
}
