import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { formatProblems } from '../../engine/cli/printProblems';
import type { Style } from '../../engine/cli/style';
import { compileSpecFile, UserError, type CompiledSpec, type Problem, type RunResult, type SpecOptions } from '../../engine/index';
import { runChecks } from '../../engine/report/checks';
import { gatherReport } from '../../engine/report/html/gatherReport';
import { openReportDatabase } from '../../engine/report/kpis';
import { runCompiled } from '../../engine/run/runCompiled';
import { loadSpec } from '../../engine/spec/load';
import { resolveTarget } from '../../engine/targets/resolveTarget';

/** Every code of engine/errors/problem.ts, read from its source (the type has no runtime value). */
export const PROBLEM_CODES: string[] = (() => {
  const source = readFileSync(join(__dirname, '..', '..', 'engine', 'errors', 'problem.ts'), 'utf8');
  const union = /export type ProblemCode =([^;]*);/.exec(source)![1];
  return [...union.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]);
})();

const same = (text: string) => text;
const PLAIN: Style = { red: same, bold: same, cyan: same, dim: same };

/** What happened to one spec: its problems, how its tiny run ended (when it validated), and how `check` and `report` ended (when asked for and the run completed). */
export interface SpecOutcome {
  problems: Problem[];
  ran?: 'ok' | Problem[];
  queried?: 'ok' | Problem[];
  /** Checks whose query failed in the database (`check` prints them as ERROR). */
  failedChecks?: number;
}

export interface InvariantOptions {
  /** Folder the spec is written to (its data files may sit around it). */
  dir: string;
  /** Scale of the run of a spec that validates. */
  scale?: number;
  /** Row cap of that run. */
  maxRows?: number;
  /** Folders the spec may read besides its own. */
  allowPaths?: string[];
  /** Overrides of the cost bounds (engine/limits.ts), e.g. a short query time limit. */
  limits?: SpecOptions['limits'];
  /** After a run that completed, run the spec's checks, KPIs and charts on the output, as `check` and `report` do. */
  queries?: boolean;
  /** The target `validate` analyses the spec's SQL for (`validate --target`); the run still goes into SQLite. */
  target?: string;
}

/** Writes `text` as a spec into `options.dir` and checks it (checkSpecFile). */
export async function checkSpec(text: string, options: InvariantOptions): Promise<SpecOutcome> {
  const file = join(options.dir, 'fuzz-spec.yaml');
  writeFileSync(file, text);
  return checkSpecFile(file, options);
}

/**
 * Checks the robustness contract on one spec file: `validate` returns problems (never
 * throws anything but a UserError) with known codes and no stack trace; a spec that
 * validates runs at a tiny scale and ends either well or with user errors only, leaving
 * each written table with the rows the run reported; its checks, KPIs and charts (when
 * asked for) end the same way and change nothing in the output.
 * Throws (failing the test or fuzz case) when the contract breaks.
 */
export async function checkSpecFile(file: string, options: Omit<InvariantOptions, 'dir'>): Promise<SpecOutcome> {
  const specOptions: SpecOptions = { allowPaths: options.allowPaths, scale: options.scale ?? 1, limits: options.limits };
  // What `validate` does (it returns the problems of this UserError), compiled once for the run below.
  let compiled: CompiledSpec;
  try {
    compiled = compileSpecFile(file, { ...specOptions, target: options.target });
  } catch (err) {
    return { problems: userProblems(err) };
  }
  const output = join(dirname(file), 'fuzz-out.db');
  try {
    let result: RunResult;
    try {
      result = await runCompiled(compiled, resolveTarget(output), { maxRows: options.maxRows ?? 20_000 });
    } catch (err) {
      return { problems: [], ran: userProblems(err) };
    }
    assertOutputAsRun(output, result);
    if (!options.queries) return { problems: [], ran: 'ok' };
    const asOf = new Date(compiled.asOf).toISOString().slice(0, 10);
    const queried = await queryOutput(file, output, asOf, specOptions);
    assertOutputAsRun(output, result);
    return { problems: [], ran: 'ok', ...queried };
  } finally {
    rmSync(output, { force: true });
  }
}

/** What `check` and then `report` do with a generated database: the checks, then the KPIs and charts when the spec has any. */
async function queryOutput(file: string, output: string, asOf: string, options: SpecOptions): Promise<Pick<SpecOutcome, 'queried' | 'failedChecks'>> {
  let failedChecks = 0;
  try {
    const loaded = loadSpec(file, options);
    const reader = await openReportDatabase(loaded, file, { ...options, db: output });
    try {
      failedChecks = (await runChecks(loaded.spec, reader, asOf)).filter((r) => r.error !== undefined).length;
    } finally {
      await reader.close();
    }
    if (loaded.spec.kpis !== undefined || loaded.spec.charts !== undefined) await gatherReport(file, { ...options, db: output });
    return { queried: 'ok', failedChecks };
  } catch (err) {
    return { queried: userProblems(err), failedChecks };
  }
}

/** The problems of a UserError, checked for printing; anything else is an internal error and is thrown again. */
function userProblems(err: unknown): Problem[] {
  if (!(err instanceof UserError)) throw err;
  assertPrintable(err.problems);
  return err.problems;
}

function assertPrintable(problems: Problem[]): void {
  for (const problem of problems) {
    if (!PROBLEM_CODES.includes(problem.code)) throw new Error(`unknown problem code ${problem.code}: ${problem.message}`);
    if (typeof problem.message !== 'string' || problem.message === '') throw new Error(`problem ${problem.code} has no message`);
  }
  // Printing reads the spec for each code frame: a few problems show the format, hundreds only cost time.
  const printed = formatProblems(problems.slice(0, 20), PLAIN);
  if (/\n\s+at .+:\d+:\d+\)?$/m.test(printed)) throw new Error(`a stack trace is printed:\n${printed}`);
}

/** Names the fuzzers' hostile SQL gives what it would create: none may exist afterwards. */
export const HOSTILE_NAME = 'fuzz_pwned';

/** Each written table holds the rows the run reported (no spec SQL deleted or added any), and no table a spec's SQL created exists. */
function assertOutputAsRun(output: string, result: RunResult): void {
  const db = new Database(output, { readonly: true, fileMustExist: true });
  try {
    for (const table of result.tables.filter((t) => t.written)) {
      const { n } = db.prepare(`SELECT count(*) AS n FROM "${table.name}"`).get() as { n: number };
      if (n !== table.rows) throw new Error(`table ${table.name} holds ${n} rows, but the run wrote ${table.rows}`);
    }
    const made = db.prepare('SELECT name FROM sqlite_master WHERE name LIKE ?').all(`${HOSTILE_NAME}%`);
    if (made.length) throw new Error(`spec SQL created ${JSON.stringify(made)} in the output`);
  } finally {
    db.close();
  }
}

/** One fuzz case: the files of a spec (a spec and what it includes), written into a fresh folder. */
export interface FuzzCase {
  /** Text of each file, by path relative to the case's folder. */
  files: Record<string, string>;
  /** Folders to make, relative to the case's folder (where a file is expected, they test the file checks). */
  folders?: string[];
  /** The spec to check, relative to the case's folder. */
  spec: string;
  /** Scale of the run (default 1). */
  scale?: number;
  /** Also run its checks, KPIs and charts on the output (InvariantOptions.queries). */
  queries?: boolean;
  /** InvariantOptions.target. */
  target?: string;
}

/**
 * Writes a case into `dir` (a new folder under `root`, the folder the fuzz cases may read),
 * checks its spec (checkSpecFile), removes the folder, and checks that nothing else under
 * `root` was created, removed or changed in size: a run, its checks or its SQL leave no file.
 */
export async function checkCase(root: string, dir: string, fuzzCase: FuzzCase, limits: SpecOptions['limits']): Promise<SpecOutcome> {
  const before = treeOf(root);
  let outcome: SpecOutcome;
  mkdirSync(dir);
  try {
    for (const folder of fuzzCase.folders ?? []) mkdirSync(join(dir, folder), { recursive: true });
    for (const [path, text] of Object.entries(fuzzCase.files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    outcome = await checkSpecFile(join(dir, fuzzCase.spec), { allowPaths: [root], scale: fuzzCase.scale, queries: fuzzCase.queries, target: fuzzCase.target, limits });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const after = treeOf(root);
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((path) => before.get(path) !== after.get(path));
  if (changed.length) throw new Error(`the case created, removed or changed files: ${changed.map((p) => `${p} (${before.get(p) ?? 'none'} -> ${after.get(p) ?? 'none'})`).join(', ')}`);
  return outcome;
}

/** Size of every file (and -1 of every folder) under `root`, by relative path. */
function treeOf(root: string): Map<string, number> {
  const tree = new Map<string, number>();
  for (const path of readdirSync(root, { recursive: true }) as string[]) {
    const stat = lstatSync(join(root, path));
    tree.set(path, stat.isDirectory() ? -1 : stat.size);
  }
  return tree;
}
