/**
 * Fuzzing the spec pipeline with fast-check, five kinds of cases: mutated example specs,
 * specs drawn from the composed JSON Schema, spec SQL (benign and hostile), deep and long
 * expressions, and include graphs. Every case must validate to a list of problems (never
 * an internal error or a stack trace); a spec that validates must run at a tiny scale
 * without an internal error (and, for spec SQL, its checks, KPIs and charts too); no case
 * may leave a file behind or take longer than FUZZ_CASE_SECONDS. Cases run one at a time
 * in a child process (caseProcess.ts), so a hang is caught and killed. FUZZ_RUNS cases in
 * all, split over the kinds by their shares; `npm run fuzz` runs 10,000.
 */
import fc from 'fast-check';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaseProcess } from './caseProcess';
import { expressionCase } from './expressionArbitraries';
import { includeGraphCase } from './includeGraphArbitraries';
import { mutatedSpec, schemaSpec } from './specArbitraries';
import type { FuzzCase, SpecOutcome } from './specInvariants';
import { specSqlCase } from './specSqlArbitraries';

/**
 * 1,000 cases reach every problem code that 2,000 did (22 at the default seed), in half the time:
 * coverage is the kinds and their code paths, not a count. `npm run fuzz` runs 10,000.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const SEED = Number(process.env.FUZZ_SEED ?? 20250630);
/** The path fast-check printed with a failure: with its seed, replays that one case (`npx jest fuzz -t '<kind>'`). */
const PATH = process.env.FUZZ_PATH;
/** A case that takes longer is a hang: far above the slowest case (spec SQL with several queries stopped at the query limit). */
const CASE_SECONDS = Number(process.env.FUZZ_CASE_SECONDS ?? 30);
/** Every case runs under a short query time limit, so an endless query ends in seconds. */
const LIMITS = { query_seconds: 2 };

const SPECS = join(__dirname, '..', '..', 'specs');
const EXAMPLES = (readdirSync(join(SPECS, 'examples'), { recursive: true }) as string[])
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => readFileSync(join(SPECS, 'examples', f), 'utf8'));

/** One spec text, written as the case's spec. */
const specText = (scale?: number) => (text: string): FuzzCase => ({ files: { 'fuzz-spec.yaml': text }, spec: 'fuzz-spec.yaml', scale });

/** The kinds of cases and their shares of FUZZ_RUNS. */
const KINDS: { kind: string; share: number; cases: () => fc.Arbitrary<FuzzCase> }[] = [
  { kind: 'mutations', share: 0.2, cases: () => mutatedSpec(EXAMPLES).map(specText(0.001)) },
  { kind: 'schema', share: 0.3, cases: () => schemaSpec().map(specText()) },
  { kind: 'spec SQL', share: 0.2, cases: specSqlCase },
  { kind: 'expression depth', share: 0.15, cases: expressionCase },
  { kind: 'include graphs', share: 0.15, cases: includeGraphCase },
];

/** Cases of each kind, the last kind taking what rounding left, so the kinds add up to RUNS. */
const runsOf = (index: number): number =>
  index < KINDS.length - 1 ? Math.round(RUNS * KINDS[index].share) : RUNS - KINDS.slice(0, -1).reduce((sum, k) => sum + Math.round(RUNS * k.share), 0);

/** Per kind: cases, specs that validated, runs that completed, checks whose query failed, and problems by code: printed so a run shows what it covered. */
const tally = new Map<string, { cases: number; valid: number; ran: number; queried: number; failedChecks: number; codes: Map<string, number> }>();

function record(kind: string, outcome: SpecOutcome): void {
  const t = tally.get(kind) ?? { cases: 0, valid: 0, ran: 0, queried: 0, failedChecks: 0, codes: new Map() };
  tally.set(kind, t);
  t.cases++;
  if (!outcome.problems.length) t.valid++;
  if (outcome.ran === 'ok') t.ran++;
  if (outcome.queried === 'ok') t.queried++;
  t.failedChecks += outcome.failedChecks ?? 0;
  const later = [outcome.ran, outcome.queried].flatMap((stage) => (Array.isArray(stage) ? stage : []));
  for (const p of [...outcome.problems, ...later]) t.codes.set(p.code, (t.codes.get(p.code) ?? 0) + 1);
}

/** Text cut short for a failure message: runs of one character counted, at most `max` characters (a case may hold megabytes, a stack thousands of frames). */
function shortened(text: string, max: number): string {
  const runs = text.replace(/(.)\1{39,}/g, (run, char: string) => `${char.repeat(8)}[… ${run.length} × ${JSON.stringify(char)}]`);
  return runs.length > max ? `${runs.slice(0, max)}\n[…]` : runs;
}

/** A failure with what reproduces it, and the case's files. */
function failure(kind: string, details: fc.RunDetails<[FuzzCase]>): Error {
  const fuzzCase = details.counterexample![0];
  const files = Object.entries(fuzzCase.files).map(([path, text]) => `--- ${path} (${text.length} characters)\n${shortened(text, 4000)}`);
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  return new Error(
    [
      `fuzz case of kind "${kind}" failed after ${details.numRuns} case(s): ${shortened(error, 2500)}`,
      `replay it: FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath} npx jest test/robustness/fuzz.test.ts -t '${kind}'`,
      ...(fuzzCase.folders?.length ? [`folders: ${fuzzCase.folders.join(', ')}`] : []),
      ...files,
    ].join('\n'),
  );
}

describe('fuzzing', () => {
  // The example specs read ../data: fuzz in a copy of specs/ that they may read from.
  const root = mkdtempSync(join(tmpdir(), 'hopify-fuzz-'));
  const cases = new CaseProcess(root, LIMITS, CASE_SECONDS);
  beforeAll(() => cpSync(SPECS, root, { recursive: true }));
  afterAll(async () => {
    await cases.stop();
    rmSync(root, { recursive: true, force: true });
    for (const [kind, t] of tally) {
      const codes = [...t.codes].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`);
      const queried = kind === 'spec SQL' ? `, ${t.queried} checked and reported (${t.failedChecks} check queries failed in the database)` : '';
      process.stdout.write(`fuzz ${kind}: ${t.cases} cases, ${t.valid} valid, ${t.ran} ran to the end${queried}; problems: ${codes.join(', ')}\n`);
    }
  });

  KINDS.forEach(({ kind, cases: arbitrary }, index) => {
    const numRuns = runsOf(index);
    it(
      `${kind}: problems or a run, never an internal error, a leftover file or a hang`,
      async () => {
        await fc.assert(
          fc.asyncProperty(arbitrary(), async (fuzzCase) => record(kind, await cases.check(fuzzCase))),
          {
            seed: SEED,
            ...(PATH ? { path: PATH, numRuns: 1 } : { numRuns }),
            endOnFailure: true,
            reporter: (details) => {
              if (details.failed) throw failure(kind, details);
            },
          },
        );
      },
      // Generous: the machine is shared, and a hang costs CASE_SECONDS before it fails.
      Math.max(180_000, numRuns * 300 + CASE_SECONDS * 1000),
    );
  });
});
