/**
 * Fuzzing the spec pipeline with fast-check: mutated example specs and specs drawn from
 * the composed JSON Schema. Every case must validate to a list of problems (never an
 * internal error or a stack trace), and a spec that validates must run at a tiny scale
 * without an internal error. `npm run fuzz` runs many more cases (FUZZ_RUNS per kind).
 */
import fc from 'fast-check';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mutatedSpec, schemaSpec } from './specArbitraries';
import { checkSpec, type SpecOutcome } from './specInvariants';

/** Cases in all (FUZZ_RUNS), two fifths mutations of the examples, three fifths specs from the schema. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const MUTATION_RUNS = Math.round(RUNS * 0.4);
const SEED = Number(process.env.FUZZ_SEED ?? 20250630);
const SPECS = join(__dirname, '..', '..', 'specs');
const EXAMPLES = (readdirSync(join(SPECS, 'examples'), { recursive: true }) as string[])
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => readFileSync(join(SPECS, 'examples', f), 'utf8'));

/** Cases run, specs that validated, and runs that completed, per kind: printed so a run shows what it covered. */
const tally = new Map<string, { cases: number; valid: number; ran: number; codes: Map<string, number> }>();

function record(kind: string, outcome: SpecOutcome): void {
  const t = tally.get(kind) ?? { cases: 0, valid: 0, ran: 0, codes: new Map() };
  tally.set(kind, t);
  t.cases++;
  if (!outcome.problems.length) t.valid++;
  if (outcome.ran === 'ok') t.ran++;
  for (const p of [...outcome.problems, ...(Array.isArray(outcome.ran) ? outcome.ran : [])]) t.codes.set(p.code, (t.codes.get(p.code) ?? 0) + 1);
}

describe('fuzzing', () => {
  // The example specs read ../data: fuzz in a copy of specs/ that they may read from.
  const root = mkdtempSync(join(tmpdir(), 'hopify-fuzz-'));
  const dir = join(root, 'examples');
  beforeAll(() => cpSync(SPECS, root, { recursive: true }));
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    for (const [kind, t] of tally) {
      const codes = [...t.codes].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`);
      process.stdout.write(`fuzz ${kind}: ${t.cases} cases, ${t.valid} valid, ${t.ran} ran to the end; problems: ${codes.join(', ')}\n`);
    }
  });

  const timeout = Math.max(120_000, RUNS * 100);

  it(
    'mutated example specs give problems or run, never an internal error',
    async () => {
      await fc.assert(
        fc.asyncProperty(mutatedSpec(EXAMPLES), async (text) => record('mutations', await checkSpec(text, { dir, scale: 0.001, allowPaths: [root] }))),
        { numRuns: MUTATION_RUNS, seed: SEED, endOnFailure: true },
      );
    },
    timeout,
  );

  it(
    'specs drawn from the composed schema give problems or run, never an internal error',
    async () => {
      await fc.assert(
        fc.asyncProperty(schemaSpec(), async (text) => record('schema', await checkSpec(text, { dir, allowPaths: [root] }))),
        { numRuns: RUNS - MUTATION_RUNS, seed: SEED, endOnFailure: true },
      );
    },
    timeout,
  );
});
