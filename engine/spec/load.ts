import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, parse as parseYaml } from 'yaml';
import { UserError, type Problem } from '../errors/problem';
import { describeChain } from '../graph/dag';
import { overLimit, resolveLimits, type Limits } from '../limits';
import { allowedRoots, isInsideRoots } from './allowedPaths';
import type { DatasetSpec } from './model';
import { PositionIndex, formatPath, type SpecPath } from './positions';
import { notAFile, readRegularFile, whyNotAFile, type NotAFile } from './regularFile';
import { closest } from './suggest';
import { substituteParams } from './params';
import { specOutputProblems } from './specOutput';
import { MAX_SPEC_BYTES, yamlLimitProblems } from './yamlLimits';

export interface LoadOptions {
  /** `path=value` overrides (`--set`), applied after extends and includes. */
  set?: string[];
  /** Hard limit on YAML aliases per file (alias bombs). */
  maxAliases?: number;
  /**
   * Folders whose files a spec may read besides its project (`--allow-path`): extends,
   * include and data paths outside them are refused (see engine/spec/allowedPaths.ts).
   */
  allowPaths?: string[];
  /** Overrides of the cost bounds (engine/limits.ts). */
  limits?: Partial<Limits>;
}

/** What every file of one load shares: the options, the folders files may come from, the files loaded so far. */
interface LoadContext {
  options: LoadOptions;
  roots: string[];
  limits: Limits;
  /** Each file merged with its bases, by absolute path: a file named from many places is read and merged once. */
  files: Map<string, LoadedFile>;
}

/** A spec as loaded: plain data plus where each node came from. */
export interface LoadedSpec {
  file: string;
  spec: DatasetSpec;
  positions: PositionIndex;
}

interface RawFile {
  value: Record<string, unknown>;
  positions: PositionIndex;
}

/** A file merged with its `extends:` and `include:` files, and where each of its nodes came from. */
type LoadedFile = RawFile;

/** Loads a spec with its `extends:` base and `include:` files; throws UserError listing every problem. */
export function loadSpec(file: string, options: LoadOptions = {}): LoadedSpec {
  const path = resolve(file);
  const roots = allowedRoots(path, options.allowPaths);
  const limits = resolveLimits(options.limits);
  const { value, positions } = loadWithBases(path, { options, roots, limits, files: new Map() }, []);
  const problems: Problem[] = [];
  for (const assignment of options.set ?? []) applyOverride(value, assignment, problems);
  const spec = substituteParams(value, positions, problems, limits) as unknown as DatasetSpec;
  problems.push(...specOutputProblems(spec, path, positions, roots, options.set));
  if (problems.length) throw new UserError(problems);
  return { file: path, spec, positions };
}

/**
 * A file merged with its bases, each base loaded once however many files name it (a file
 * naming the next one four times, 24 deep, is 25 files, not 4^24 loads). `chain` is the
 * files that named this one, the spec first.
 */
function loadWithBases(path: string, load: LoadContext, chain: string[]): LoadedFile {
  const own = readSpecFile(path, load);
  const trail = [...chain, path];
  const bases = [
    ...(own.value.extends !== undefined ? [['extends', own.value.extends] as const] : []),
    ...(Array.isArray(own.value.include) ? own.value.include.map((inc, i) => [i, inc] as const) : []),
  ];
  let merged: Record<string, unknown> = {};
  const positions = bases.length ? new PositionIndex() : own.positions;
  for (const [where, relative] of bases) {
    const at: SpecPath = where === 'extends' ? ['extends'] : ['include', where];
    if (typeof relative !== 'string') {
      const what = relative === null ? 'null' : Array.isArray(relative) ? 'a list' : typeof relative === 'object' ? 'a map' : `the ${typeof relative} ${String(relative)}`;
      throw new UserError([{ code: 'SPEC_SCHEMA', message: `${where === 'extends' ? 'extends:' : 'an include: entry'} is the path of a file, not ${what}`, path: formatPath(at), ...own.positions.find(at), hint: 'write the path of a YAML file, relative to this spec, e.g. include: [tables/customers.yaml]' }]);
    }
    const basePath = resolve(dirname(path), relative);
    if (!isInsideRoots(basePath, load.roots)) throw new UserError([unsafePath(relative, basePath, at, own.positions, load.roots)]);
    const kind = notAFile(basePath);
    if (kind) {
      const pos = own.positions.find(at);
      const where = kind === 'missing' ? `looked for ${basePath}` : basePath;
      const hint = kind === 'missing' ? 'paths are relative to the spec that names them' : 'name a YAML file; paths are relative to the spec that names them';
      throw new UserError([{ code: 'SPEC_FILE_NOT_FOUND', message: `file "${relative}" ${whyNotAFile(kind)} (${where})`, path: formatPath(at), ...pos, hint }]);
    }
    const base = load.files.get(basePath) ?? loadNewBase(basePath, at, own.positions, load, trail);
    merged = deepMerge(merged, base.value);
    positions.merge(base.positions);
  }
  delete own.value.extends;
  delete own.value.include;
  if (positions !== own.positions) positions.merge(own.positions);
  const loaded = { value: deepMerge(merged, own.value), positions };
  load.files.set(path, loaded);
  return loaded;
}

/** A base not loaded yet: refused if it closes a cycle or goes past the include_depth or spec_files limits. */
function loadNewBase(path: string, at: SpecPath, positions: PositionIndex, load: LoadContext, trail: string[]): LoadedFile {
  const place = { path: formatPath(at), ...positions.find(at) };
  if (trail.includes(path)) {
    throw new UserError([{ code: 'SPEC_CYCLE', message: `files extend or include each other: ${describeChain([...trail.slice(trail.indexOf(path)), path])}`, ...place, hint: 'remove one of these extends: or include: entries' }]);
  }
  const { include_depth: depth, spec_files: files } = load.limits;
  if (trail.length + 1 > depth) {
    throw overLimit('include_depth', load.limits, `files extend or include each other more than ${depth.toLocaleString('en-US')} deep: ${describeChain([...trail, path])}`, place);
  }
  // The files being loaded (the trail) are not in load.files yet: each is one more distinct file.
  if (load.files.size + trail.length + 1 > files) {
    throw overLimit('spec_files', load.limits, `the spec loads more than ${files.toLocaleString('en-US')} distinct files through extends: and include:`, place);
  }
  return loadWithBases(path, load, trail);
}

function readSpecFile(path: string, load: LoadContext): RawFile {
  const kind = notAFile(path);
  if (kind) throw specFileRefused(path, kind);
  const bytes = statSync(path).size;
  if (bytes > MAX_SPEC_BYTES) {
    throw new UserError([{ code: 'SPEC_SCHEMA', message: `the file is ${(bytes / 1e6).toFixed(1)} MB; a spec file may have at most ${MAX_SPEC_BYTES / 1e6} MB`, path: '', file: path, hint: 'rows of data belong in CSV files under data:' }]);
  }
  const text = readRegularFile(path, (changed) => specFileRefused(path, changed));
  const lines = new LineCounter();
  // Duplicate keys are refused by yamlLimitProblems, in linear time. `<<: *anchor` merges as YAML 1.1 specifies.
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false, merge: true });
  const seen = new Set<string>();
  const problems: Problem[] = doc.errors.flatMap((err) => {
    const { line, col } = lines.linePos(err.pos[0]);
    const message = err.message.split('\n')[0];
    // The parser reports a stack overflow once per level it unwinds: one report is enough.
    if (seen.has(`${err.code}:${message}`)) return [];
    seen.add(`${err.code}:${message}`);
    return [{ code: 'YAML_SYNTAX' as const, message, path: '', file: path, line, col, hint: yamlHint(err.code) }];
  });
  if (problems.length) throw new UserError(problems);
  const limits = yamlLimitProblems(doc, path, lines);
  if (limits.length) throw new UserError(limits);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: load.options.maxAliases ?? 100 });
  } catch (err) {
    throw new UserError([{ code: 'YAML_SYNTAX', message: (err as Error).message, path: '', file: path, line: 1, col: 1, hint: 'YAML aliases are limited: write the repeated part once and reference fewer copies' }]);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UserError([{ code: 'SPEC_SCHEMA', message: 'a spec must be a YAML mapping (name:, seed:, tables: …)', path: '', file: path, line: 1, col: 1 }]);
  }
  const positions = new PositionIndex();
  positions.record(doc.contents, path, lines, [], text, doc);
  const unsafe = resolveDataPaths(value as Record<string, unknown>, dirname(path), positions, load.roots);
  if (unsafe.length) throw new UserError(unsafe);
  return { value: value as Record<string, unknown>, positions };
}

function specFileRefused(path: string, kind: NotAFile): UserError {
  const hint = kind === 'missing' ? 'check the path, relative to the current folder' : "name the spec's YAML file";
  return new UserError([{ code: 'SPEC_FILE_NOT_FOUND', message: `spec file ${path} ${whyNotAFile(kind)}`, path: '', hint }]);
}

function yamlHint(code: string): string | undefined {
  if (code === 'BAD_INDENT' || code === 'MISSING_CHAR') return 'check the indentation and the `key: value` form of this line';
  if (code === 'RESOURCE_EXHAUSTION') return 'the file nests too deeply or is too large to read: check for runaway brackets or indentation';
  return undefined;
}

/**
 * Data file paths are relative to the file that names them; make them absolute before
 * merging. Returns a problem for each path outside the allowed folders.
 */
function resolveDataPaths(value: Record<string, unknown>, dir: string, positions: PositionIndex, roots: string[]): Problem[] {
  const data = value.data;
  if (!data || typeof data !== 'object') return [];
  const problems: Problem[] = [];
  const checked = (written: string, at: SpecPath): string => {
    const absolute = resolve(dir, written);
    if (!isInsideRoots(absolute, roots)) problems.push(unsafePath(written, absolute, at, positions, roots));
    return absolute;
  };
  for (const [name, entry] of Object.entries(data as Record<string, unknown>)) {
    if (typeof entry === 'string') (data as Record<string, unknown>)[name] = checked(entry, ['data', name]);
    else if (entry && typeof entry === 'object' && typeof (entry as { file?: unknown }).file === 'string') {
      (entry as { file: string }).file = checked((entry as { file: string }).file, ['data', name, 'file']);
    }
  }
  return problems;
}

function unsafePath(written: string, absolute: string, at: SpecPath, positions: PositionIndex, roots: string[]): Problem {
  return {
    code: 'SPEC_UNSAFE_PATH',
    message: `"${written}" is outside the folders this spec may read${written === absolute ? '' : ` (it is ${absolute})`}`,
    path: formatPath(at),
    ...positions.find(at),
    hint: `a spec reads files inside its project, here ${roots[0]}; allow another folder with --allow-path <dir>`,
  };
}

/** Maps merge key by key; anything else (lists, scalars) is replaced; `null` removes the key. */
export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    if (value === null && key in out && isPlainObject(prev)) delete out[key];
    else if (isPlainObject(prev) && isPlainObject(value)) out[key] = deepMerge(prev, value);
    else out[key] = value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/** Applies one `--set a.b.c=value`; the value is read as YAML (`3`, `true`, `[1, 2]`, text). */
function applyOverride(root: Record<string, unknown>, assignment: string, problems: Problem[]): void {
  const eq = assignment.indexOf('=');
  const fail = (message: string, hint?: string): void => {
    problems.push({ code: 'SPEC_BAD_OVERRIDE', message, path: assignment, hint });
  };
  if (eq <= 0) return fail(`--set "${assignment}" is not of the form path=value`, 'for example --set params.customers=500');
  const parts = assignment.slice(0, eq).split('.');
  let value: unknown;
  try {
    value = parseYaml(assignment.slice(eq + 1));
  } catch {
    value = assignment.slice(eq + 1);
  }
  let node: unknown = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = parts[i];
    const next = isPlainObject(node) && !FORBIDDEN_KEYS.has(key) ? node[key] : undefined;
    if (!isPlainObject(next) && !Array.isArray(next)) {
      const options = isPlainObject(node) ? Object.keys(node) : [];
      const guess = closest(key, options);
      return fail(`--set path "${parts.slice(0, i + 1).join('.')}" does not exist in the spec`, guess ? `did you mean "${[...parts.slice(0, i), guess].join('.')}"?` : undefined);
    }
    node = next;
  }
  const last = parts[parts.length - 1];
  if (FORBIDDEN_KEYS.has(last)) return fail(`--set may not write "${last}"`);
  if (parts[0] === 'params' && parts.length === 2 && isPlainObject(node) && !(last in node)) {
    const guess = closest(last, Object.keys(node));
    return fail(`param "${last}" is not declared in the spec`, guess ? `did you mean "params.${guess}"?` : 'declare it under params: first');
  }
  (node as Record<string, unknown>)[last] = value;
}
