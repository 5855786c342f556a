/** The library API: `import { loadSpec, validate, run } from 'hopify-engine'`. */
import { compileSpec, type CompileOptions, type CompiledSpec } from './compile/compileSpec';
import { UserError, type Problem } from './errors/problem';
import { runCompiled, type RunOptions, type RunResult } from './run/runCompiled';
import { loadSpec, type LoadOptions, type LoadedSpec } from './spec/load';
import { confinedSpecOutput } from './spec/specOutput';
import { resolveTarget, type TargetOptions } from './targets/resolveTarget';

export interface SpecOptions extends LoadOptions, CompileOptions {}

export interface RunSpecOptions extends SpecOptions, RunOptions, TargetOptions {
  /** Output: a SQLite path or a target URL; defaults to the spec's `output` (confined to its project), then `out/<name>.db`. */
  target?: string;
}

/** Loads and compiles a spec file; throws UserError listing every problem. */
export function compileSpecFile(file: string, options: SpecOptions = {}): CompiledSpec {
  return compileSpec(loadSpec(file, options), options);
}

/** Every problem of a spec file (empty when it is valid); never throws for user errors. */
export function validate(file: string, options: SpecOptions = {}): Problem[] {
  try {
    compileSpecFile(file, options);
    return [];
  } catch (err) {
    if (err instanceof UserError) return err.problems;
    throw err;
  }
}

/** Generates a spec's dataset into its target; resolves to rows per table, timing and output. */
export async function run(file: string, options: RunSpecOptions = {}): Promise<RunResult> {
  const loaded = loadSpec(file, options);
  const compiled = compileSpec(loaded, options);
  const where = options.target ?? confinedSpecOutput(loaded, options);
  return runCompiled(compiled, resolveTarget(where, { ...options, part: options.shard?.index }), options);
}

export { loadSpec, UserError };
export type { LoadedSpec, Problem, RunResult, CompiledSpec };
export { defineDriver, defineGenerator, PluginOptionError } from './contract';
export type * from './contract';
