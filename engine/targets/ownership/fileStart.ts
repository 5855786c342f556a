import { closeSync, openSync, readSync } from 'node:fs';

/** The first `bytes` bytes of a file (fewer when it is shorter); undefined when it cannot be read (then nothing in it shows it to be the engine's). */
export function readFileStart(path: string, bytes: number): Buffer | undefined {
  const buffer = Buffer.alloc(bytes);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    return buffer.subarray(0, readSync(fd, buffer, 0, bytes, 0));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
