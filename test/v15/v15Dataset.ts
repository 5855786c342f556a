/** Generates the Hopify v15 spec (or a scenario of it) into a temp SQLite file, for the v15 tests. */
import { resolve } from 'node:path';
import { loadSpec } from '../../engine/index';
import { runSpec, type SpecRun } from '../helpers/runSpec';

export const V15_SPEC = resolve(__dirname, '../../specs/v15.yaml');
export const BENCHMARKED_SPEC = resolve(__dirname, '../../specs/scenarios/benchmarked.yaml');

/** The project's specs folder: the temp spec that extends a spec must be allowed to read it. */
const SPECS = resolve(__dirname, '../../specs');

/** Runs `spec` at `scale` (with `--set` overrides, and `seed` instead of the spec's) through a one-line spec extending it, so its data files resolve beside it. */
export function generate(spec: string, scale: number, set: string[] = [], asOf?: string, seed?: number): Promise<SpecRun> {
  return runSpec(`extends: ${JSON.stringify(spec)}\n`, { scale, set, asOf, seed, allowPaths: [SPECS] });
}

/** The spec's `checks:` as [name, sql] pairs. */
export function checksOf(spec: string): [string, string][] {
  const checks = loadSpec(spec).spec.checks ?? {};
  return Object.entries(checks).map(([name, check]) => [name, typeof check === 'string' ? check : check.sql]);
}

/** One number from a query returning one row with one column. */
export function scalar(run: SpecRun, sql: string): number {
  return Object.values(run.db.prepare(sql).get() as Record<string, number>)[0];
}
