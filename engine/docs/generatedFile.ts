import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A committed file made by a command: the schema, the reference docs. */
export interface GeneratedFile {
  /** Where it goes; `-` is standard output. */
  path: string;
  text: string;
  /** The command that makes it, e.g. `hopify-engine docs`. */
  command: string;
}

/** Why the file on disk is not `text` (with the command that fixes it), or undefined when it is. */
export function staleness(file: GeneratedFile): string | undefined {
  if (!existsSync(file.path)) return `${file.path} is missing: run \`npx ${file.command}\``;
  if (readFileSync(file.path, 'utf8') !== file.text) return `${file.path} is out of date: run \`npx ${file.command}\``;
  return undefined;
}

/** Writes the file (or prints it); with `check`, writes nothing and sets exit code 1 when it is stale. */
export function emitGenerated(file: GeneratedFile, options: { check?: boolean }): void {
  if (options.check) {
    const problem = staleness(file);
    if (problem) {
      process.stderr.write(problem + '\n');
      process.exitCode = 1;
    } else process.stdout.write(`${file.path} is up to date\n`);
    return;
  }
  if (file.path === '-') {
    process.stdout.write(file.text);
    return;
  }
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, file.text);
  process.stdout.write(`wrote ${file.path}\n`);
}
