import { isAbsolute, join, relative, resolve } from 'node:path';
import { UserError, type Problem } from '../errors/problem';
import { localOutputPath } from '../targets/outputPath';
import { allowedRoots, pathInsideRoots } from './allowedPaths';
import type { LoadedSpec, LoadOptions } from './load';
import type { DatasetSpec } from './model';
import { formatPath, type PositionIndex } from './positions';

/**
 * Where a spec's dataset goes when the command line names no place: its `output:`, a relative
 * path taken from the spec's project folder (so a spec writes the same place from whatever
 * folder it is run), else `out/<name>.db` in the current folder.
 */
export function specOutput(spec: DatasetSpec, specFile: string): string {
  if (spec.output === undefined) return `out/${spec.name}.db`;
  const path = localOutputPath(spec.output);
  if (path === undefined || isAbsolute(path)) return spec.output;
  const absolute = join(allowedRoots(specFile)[0], path);
  const fromHere = relative(process.cwd(), absolute);
  const shown = fromHere.startsWith('..') || isAbsolute(fromHere) ? absolute : fromHere;
  return spec.output.slice(0, spec.output.length - path.length) + shown;
}

/**
 * A spec's `output:` writes where it may read (its project, `--allow-path` folders) and
 * never into a hidden file or folder there (`.git`, `.env`, `.vscode`: files tools run or
 * trust), and never names a database server (whoever runs the spec would have the server's
 * tables replaced with their own credentials); without `output:`, its `name` is a plain file
 * name, so `out/<name>.db` stays in the current folder's `out/`. What the user sets on the
 * command line (`--set output=…`, `--out`, `--target`) is theirs and not checked.
 */
export function specOutputProblems(spec: DatasetSpec, specFile: string, positions: PositionIndex, roots: string[], set: string[] = []): Problem[] {
  const setByUser = (key: string) => set.some((assignment) => assignment.split('=')[0] === key);
  if (spec.output === undefined) {
    if (typeof spec.name !== 'string' || setByUser('name') || /^[^/\\.\0][^/\\\0]*$/.test(spec.name)) return [];
    return [unsafe(['name'], positions, `name "${spec.name}" cannot be a file name, and the default output is out/<name>.db`, 'use letters, digits, spaces, - and _ in the name, or give output:')];
  }
  if (typeof spec.output !== 'string' || setByUser('output')) return [];
  const path = localOutputPath(specOutput(spec, specFile));
  if (path === undefined) {
    // A server a spec names would have its tables replaced by whoever runs the spec, with their own credentials.
    return [unsafe(['output'], positions, `"${spec.output}" is a database server; a spec may only write files inside its project`, 'name the server on the command line when you mean it: --target <url> (check and report: --db <url>)')];
  }
  const absolute = resolve(path);
  const inside = pathInsideRoots(absolute, roots);
  if (inside === undefined) {
    return [unsafe(['output'], positions, `"${spec.output}" is outside the folders this spec may write (it is ${absolute})`, `a spec writes inside its project, here ${roots[0]}; name another place on the command line (--out, --target) or allow a folder with --allow-path <dir>`)];
  }
  const hidden = inside.split(/[/\\]/).find((segment) => segment.startsWith('.'));
  if (hidden) {
    return [unsafe(['output'], positions, `"${spec.output}" writes into the hidden "${hidden}" (it is ${absolute})`, 'a spec may not write hidden files or folders; name another place in output:, or on the command line (--out, --target)')];
  }
  return [];
}

/** The spec's own output, checked again right before a run writes it. */
export function confinedSpecOutput(loaded: LoadedSpec, options: LoadOptions = {}): string {
  const problems = specOutputProblems(loaded.spec, loaded.file, loaded.positions, allowedRoots(loaded.file, options.allowPaths), options.set);
  if (problems.length) throw new UserError(problems);
  return specOutput(loaded.spec, loaded.file);
}

function unsafe(at: string[], positions: PositionIndex, message: string, hint: string): Problem {
  return { code: 'SPEC_UNSAFE_PATH', message, path: formatPath(at), ...positions.find(at), hint };
}
