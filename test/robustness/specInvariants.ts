import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatProblems } from '../../engine/cli/printProblems';
import type { Style } from '../../engine/cli/style';
import { compileSpecFile, UserError, type CompiledSpec, type Problem } from '../../engine/index';
import { runCompiled } from '../../engine/run/runCompiled';
import { resolveTarget } from '../../engine/targets/resolveTarget';

/** Every code of engine/errors/problem.ts, read from its source (the type has no runtime value). */
export const PROBLEM_CODES: string[] = (() => {
  const source = readFileSync(join(__dirname, '..', '..', 'engine', 'errors', 'problem.ts'), 'utf8');
  const union = /export type ProblemCode =([^;]*);/.exec(source)![1];
  return [...union.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]);
})();

const same = (text: string) => text;
const PLAIN: Style = { red: same, bold: same, cyan: same, dim: same };

/** What happened to one spec: its problems, and (when it validated) how its tiny run ended. */
export interface SpecOutcome {
  problems: Problem[];
  ran?: 'ok' | Problem[];
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
}

/**
 * Checks the robustness contract on one spec text: `validate` returns problems (never
 * throws anything but a UserError) with known codes and no stack trace; a spec that
 * validates runs at a tiny scale and ends either well or with user errors only.
 * Throws (failing the test or fuzz case) when the contract breaks.
 */
export async function checkSpec(text: string, options: InvariantOptions): Promise<SpecOutcome> {
  const file = join(options.dir, 'fuzz-spec.yaml');
  writeFileSync(file, text);
  // What `validate` does (it returns the problems of this UserError), compiled once for the run below.
  let compiled: CompiledSpec;
  try {
    compiled = compileSpecFile(file, { allowPaths: options.allowPaths, scale: options.scale ?? 1 });
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    assertPrintable(err.problems);
    return { problems: err.problems };
  }
  const problems: Problem[] = [];
  const target = join(options.dir, 'fuzz-out.db');
  try {
    await runCompiled(compiled, resolveTarget(target), { maxRows: options.maxRows ?? 20_000 });
    return { problems, ran: 'ok' };
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    assertPrintable(err.problems);
    return { problems, ran: err.problems };
  } finally {
    rmSync(target, { force: true });
  }
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
