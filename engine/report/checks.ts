import { UserError, type ProblemCode } from '../errors/problem';
import type { DatasetSpec } from '../spec/model';
import type { DatabaseReader } from './database';
import { noOverlapChecks } from './noOverlapChecks';

export interface CheckResult {
  name: string;
  description?: string;
  violations: number;
  /** The first violating rows, to show what is wrong. */
  sample: Record<string, unknown>[];
  error?: string;
}

const SAMPLE_ROWS = 3;

const STOPPED = new Set<ProblemCode>(['RUN_QUERY_TIMEOUT', 'RUN_INTERRUPTED']);

/** Runs every named check of the spec (each returns violating rows), the check of each `no_overlap:` rule and the foreign key check. */
export async function runChecks(spec: DatasetSpec, db: DatabaseReader, asOf: string): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const fk = await db.foreignKeyViolations();
  results.push({ name: 'foreign_keys', description: 'every foreign key resolves', violations: Object.values(fk).reduce((a, b) => a + b, 0), sample: Object.entries(fk).map(([table, count]) => ({ table, count })) });
  const named = Object.entries(spec.checks ?? {}).map(([name, check]) => (typeof check === 'string' ? { name, sql: check, description: undefined } : { name, ...check }));
  for (const { name, sql, description } of [...named, ...noOverlapChecks(spec)]) {
    try {
      const rows = await db.query(sql, { as_of: asOf });
      results.push({ name, description, violations: rows.length, sample: rows.slice(0, SAMPLE_ROWS) });
    } catch (err) {
      // A check stopped at the time limit or by a signal ends the command: the others would not say more.
      if (err instanceof UserError && err.problems.some((p) => STOPPED.has(p.code))) throw new UserError(err.problems.map((p) => ({ ...p, path: `checks.${name}` })));
      results.push({ name, description, violations: 0, sample: [], error: (err as Error).message });
    }
  }
  return results;
}
