import { existsSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, parse, relative, resolve } from 'node:path';

/** Files that mark a project folder: a spec may read anything inside its project. */
const PROJECT_MARKERS = ['package.json', '.git'];

/**
 * The folders a spec may read files from (extends, include, data): the project holding the
 * spec named on the command line — the nearest folder at or above it with a `package.json`
 * or `.git`, never the home folder or the filesystem root — or, outside any project, the
 * spec's own folder; plus every folder the user allows explicitly (`--allow-path`).
 */
export function allowedRoots(specFile: string, allowPaths: string[] = []): string[] {
  return [projectFolder(dirname(resolve(specFile))), ...allowPaths.map((dir) => realPath(resolve(dir)))];
}

/** Is `file` inside one of `roots` (after following symbolic links)? */
export function isInsideRoots(file: string, roots: string[]): boolean {
  return pathInsideRoots(file, roots) !== undefined;
}

/** Where `file` is (after following symbolic links) relative to the first of `roots` holding it; undefined when none does. */
export function pathInsideRoots(file: string, roots: string[]): string | undefined {
  const real = realPath(file);
  return roots.map((root) => relative(root, real)).find((rel) => rel === '' || (!rel.startsWith('..') && !isAbsolute(rel)));
}

function projectFolder(specDir: string): string {
  const stops = new Set([parse(specDir).root, resolve(homedir())]);
  for (let dir = specDir; !stops.has(dir); dir = dirname(dir)) {
    if (PROJECT_MARKERS.some((marker) => existsSync(join(dir, marker)))) return realPath(dir);
  }
  return realPath(specDir);
}

/** The path with symbolic links resolved, as far as it exists (a missing file is checked by where it would be). */
function realPath(path: string): string {
  if (existsSync(path)) return realpathSync(path);
  const parent = dirname(path);
  return parent === path ? path : join(realPath(parent), relative(parent, path));
}
