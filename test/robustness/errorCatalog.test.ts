/**
 * docs/errors.md cannot rot: every code of engine/errors/problem.ts has a section, and
 * every section's example runs through the real CLI (the compiled build) and prints
 * exactly the lines the page shows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli';
import { problemLines, readCatalog, runExample, type ExampleRun } from './errorCatalog';
import { PROBLEM_CODES } from './specInvariants';

const CATALOG = readCatalog(readFileSync(join(ROOT, 'docs', 'errors.md'), 'utf8'));

describe('the error catalog (docs/errors.md)', () => {
  const runs = new Map<string, ExampleRun>();

  beforeAll(async () => {
    // Every example is a process of its own: run them side by side.
    await Promise.all(CATALOG.map(async (example) => runs.set(example.code, await runExample(example))));
  }, 120_000);

  it('has one section per code of engine/errors/problem.ts', () => {
    expect(CATALOG.map((e) => e.code).sort()).toEqual([...PROBLEM_CODES].sort());
  });

  it.each(CATALOG.map((example) => [example.code, example] as const))('%s: the example prints what the page shows', (code, example) => {
    const run = runs.get(code)!;
    expect(run.stderr).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
    expect(run.status).toBe(example.interruptAfter ? 130 : 1);
    // The page shows the progress line before ^C up to its row count; the live line goes on with rows/s and ETA.
    const printed = problemLines(run.stderr).filter((line) => !example.interruptAfter?.some((shown) => line.startsWith(shown)));
    expect(printed).toEqual(example.expected);
    expect(printed[0]).toMatch(new RegExp(`^error ${code}\\b`));
  });
});
