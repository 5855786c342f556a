import { runSpec, validateSpec, type SpecRun } from '../helpers/runSpec';

const AS_OF = '2025-06-30';

/** Customers signing up over three years, and a lifecycle table over them with `lifecycle` (YAML, indented 6). */
function lifecycleSpec(lifecycle: string, { customers = 4000, extraColumns = '', extraTables = '' } = {}): string {
  return `
name: life
seed: 21
as_of: ${AS_OF}
tables:
  customers:
    rows: { count: ${customers} }
    columns:
      customer_id: { type: integer, primary_key: true, sequence: {} }
      segment: { type: text, choice: { SMB: 50, Enterprise: 50 } }
      plan: { type: text, choice: { Basic: 60, Pro: 40 } }
      signup_date: { type: datetime, date_between: { from: -36 months, to: as_of } }
  subscriptions:
    rows:
      lifecycle:
${lifecycle
  .trim()
  .split('\n')
  .map((line) => `        ${line}`)
  .join('\n')}
    columns:
      subscription_id: { type: integer, primary_key: true, sequence: {} }
      customer_id: { type: integer, from: parent.customer_id, references: customers.customer_id }
      segment: { type: text, from: parent.segment }
      state: { type: text }
      change: { type: text }
      ended_by: { type: text }
      start_date: { type: datetime, from: lifecycle.start }
      end_date: { type: datetime, from: lifecycle.end }
      ordinal: { type: integer }
      is_last: { type: boolean }
      state_days: { type: real }
      tenure_days: { type: real }
${extraColumns}
    indexes: [[customer_id]]
${extraTables}
`;
}

/** Monthly renewal checks: cancel or upgrade with fixed chances; the gap while cancelled makes no row. */
const RENEWALS = `
parent: customers
start: parent.signup_date
unit: days
initial: { state: active, change: signup, set: { plan: { from: parent.plan } } }
states:
  active:
    dwell: 30
    transitions:
      - { change: upgrade, probability: { by: lifecycle.plan, cases: { Pro: { constant: 0 } }, constant: 0.05 }, set: { plan: Pro } }
      - { to: cancelled, change: cancel, probability: { by: parent.segment, cases: { SMB: { constant: 0.08 } }, constant: 0.02 } }
  cancelled:
    emit: false
    dwell: { uniform: { min: 30, max: 200 } }
    transitions:
      - { to: active, change: reactivation, probability: 0.5, set: { plan: Basic } }
`;

async function withRun<T>(spec: string, body: (run: SpecRun) => T): Promise<T> {
  const run = await runSpec(spec);
  try {
    return body(run);
  } finally {
    run.close();
  }
}

const count = (run: SpecRun, sql: string): number => (run.db.prepare(sql).get() as { n: number }).n;

describe('lifecycle driver', () => {
  it('emits periods that never overlap, never pass as_of and start at the parent date', async () => {
    await withRun(lifecycleSpec(RENEWALS, { extraColumns: '      plan: { type: text }' }), (run) => {
      expect(count(run, 'SELECT COUNT(*) AS n FROM subscriptions')).toBeGreaterThan(4000);
      const overlaps = `SELECT COUNT(*) AS n FROM subscriptions a JOIN subscriptions b
        ON a.customer_id = b.customer_id AND a.subscription_id <> b.subscription_id
        WHERE a.start_date < COALESCE(b.end_date, '9999') AND b.start_date < COALESCE(a.end_date, '9999')`;
      expect(count(run, overlaps)).toBe(0);
      expect(count(run, `SELECT COUNT(*) AS n FROM subscriptions WHERE start_date > '${AS_OF} 00:00:00' OR end_date > '${AS_OF} 00:00:00' OR end_date <= start_date`)).toBe(0);
      const firstStarts = `SELECT COUNT(*) AS n FROM subscriptions s JOIN customers c USING (customer_id)
        WHERE s.ordinal = 1 AND (s.start_date <> c.signup_date OR s.change <> 'signup' OR s.tenure_days <> 0)`;
      expect(count(run, firstStarts)).toBe(0);
      expect(count(run, 'SELECT COUNT(*) AS n FROM customers WHERE customer_id NOT IN (SELECT customer_id FROM subscriptions)')).toBe(0);
      // Rows of one entity come in time order with consecutive ordinals.
      const disorder = `SELECT COUNT(*) AS n FROM subscriptions a JOIN subscriptions b ON b.subscription_id = a.subscription_id + 1 AND a.customer_id = b.customer_id
        WHERE b.start_date < a.start_date OR b.ordinal <> a.ordinal + 1`;
      expect(count(run, disorder)).toBe(0);
      // Attributes change with transitions only: a reactivated customer is on Basic, an upgraded one on Pro.
      expect(count(run, "SELECT COUNT(*) AS n FROM subscriptions WHERE (change = 'upgrade' AND plan <> 'Pro') OR (change = 'reactivation' AND plan <> 'Basic')")).toBe(0);
    });
  });

  it('ends with a final state consistent with the last period', async () => {
    await withRun(lifecycleSpec(RENEWALS), (run) => {
      expect(count(run, 'SELECT COUNT(*) AS n FROM (SELECT customer_id FROM subscriptions GROUP BY 1 HAVING SUM(is_last) <> 1 OR MAX(ordinal) <> COUNT(*))')).toBe(0);
      const lastIsNotLatest = `SELECT COUNT(*) AS n FROM subscriptions s JOIN (SELECT customer_id, MAX(ordinal) AS latest FROM subscriptions GROUP BY 1) m USING (customer_id)
        WHERE s.is_last = 1 AND s.ordinal <> m.latest`;
      expect(count(run, lastIsNotLatest)).toBe(0);
      // Only the last period may be open; a closed last period was ended by the change into the hidden state.
      expect(count(run, 'SELECT COUNT(*) AS n FROM subscriptions WHERE end_date IS NULL AND is_last = 0')).toBe(0);
      expect(count(run, "SELECT COUNT(*) AS n FROM subscriptions WHERE is_last = 1 AND end_date IS NOT NULL AND ended_by <> 'cancel'")).toBe(0);
      expect(count(run, "SELECT COUNT(*) AS n FROM subscriptions WHERE (end_date IS NULL) <> (ended_by IS NULL)")).toBe(0);
      expect(count(run, "SELECT COUNT(*) AS n FROM subscriptions WHERE is_last = 1 AND end_date IS NOT NULL")).toBeGreaterThan(300);
    });
  });

  it('lets a later table read the final state: a churn row per entity whose last period ended in a cancellation', async () => {
    const churn = `
  churn_events:
    rows:
      per_parent: { parent: subscriptions, count: { chance: 'parent.is_last == 1 and parent.ended_by == "cancel"' } }
    columns:
      churn_id: { type: integer, primary_key: true, sequence: {} }
      customer_id: { type: integer, from: parent.customer_id, references: customers.customer_id }
      churn_date: { type: datetime, from: parent.end_date }`;
    await withRun(lifecycleSpec(RENEWALS, { extraTables: churn }), (run) => {
      const churned = count(run, "SELECT COUNT(*) AS n FROM subscriptions WHERE is_last = 1 AND ended_by = 'cancel'");
      expect(count(run, 'SELECT COUNT(*) AS n FROM churn_events')).toBe(churned);
      const mismatched = `SELECT COUNT(*) AS n FROM churn_events c JOIN subscriptions s ON s.customer_id = c.customer_id AND s.is_last = 1
        WHERE s.end_date IS NOT c.churn_date`;
      expect(count(run, mismatched)).toBe(0);
      expect(count(run, 'SELECT COUNT(*) AS n FROM (SELECT customer_id FROM churn_events GROUP BY 1 HAVING COUNT(*) > 1)')).toBe(0);
    });
  });

  it('makes transitions at their probabilities per check, by parent column and by attribute', async () => {
    await withRun(lifecycleSpec(RENEWALS, { customers: 6000, extraColumns: '      plan: { type: text }' }), (run) => {
      // Every active period lasts a whole number of 30-day checks (the open one: the checks before as_of).
      const rows = run.db
        .prepare(
          `SELECT segment, plan, ended_by, CAST(state_days / 30 + 1e-9 AS INTEGER) AS checks FROM subscriptions`,
        )
        .all() as { segment: string; plan: string; ended_by: string | null; checks: number }[];
      const rate = (filter: (r: (typeof rows)[number]) => boolean, change: string) => {
        const picked = rows.filter(filter);
        const checks = picked.reduce((a, r) => a + r.checks, 0);
        return { rate: picked.filter((r) => r.ended_by === change).length / checks, checks };
      };
      const smb = rate((r) => r.segment === 'SMB', 'cancel');
      const enterprise = rate((r) => r.segment === 'Enterprise', 'cancel');
      const upgradeBasic = rate((r) => r.plan === 'Basic', 'upgrade');
      const upgradePro = rate((r) => r.plan === 'Pro', 'upgrade');
      // Tens of thousands of checks each: 4 standard deviations is well under these tolerances.
      expect(smb.checks).toBeGreaterThan(20000);
      expect(Math.abs(smb.rate - 0.08)).toBeLessThan(0.008);
      expect(Math.abs(enterprise.rate - 0.02)).toBeLessThan(0.004);
      expect(Math.abs(upgradeBasic.rate - 0.05)).toBeLessThan(0.006);
      expect(upgradePro.rate).toBe(0);
      const reactivated = count(run, "SELECT COUNT(*) AS n FROM subscriptions WHERE change = 'reactivation'");
      const cancelledBeforeTheLastYear = count(run, "SELECT COUNT(*) AS n FROM subscriptions WHERE ended_by = 'cancel' AND end_date < '2024-06-30'");
      // A cancelled customer rechecks every 30–200 days with chance 0.5: most cancelled over a year ago are back.
      expect(reactivated).toBeGreaterThan(0.6 * cancelledBeforeTheLastYear);
    });
  });

  it('lets probabilities and dwell times depend on tenure', async () => {
    const tenure = `
parent: customers
start: parent.signup_date
unit: months
initial: { state: { trial: { by: parent.segment, cases: { Enterprise: { constant: 0 } }, constant: 1 }, active: 1 } }
states:
  trial:
    dwell: 1
    transitions:
      - { to: active, change: convert, probability: 0.5 }
  active:
    dwell: { expr: 'if lifecycle.tenure_months < 6 then 1 else 12' }
    transitions:
      - { to: gone, change: cancel, probability: { expr: 'if lifecycle.tenure_months < 6 then 0.2 else 0' } }
  gone: {}
`;
    await withRun(lifecycleSpec(tenure), (run) => {
      expect(count(run, "SELECT COUNT(*) AS n FROM subscriptions WHERE segment = 'Enterprise' AND state = 'trial'")).toBe(0);
      const trialShare = count(run, "SELECT AVG(state = 'trial') * 1000 AS n FROM subscriptions WHERE segment = 'SMB' AND ordinal = 1") / 1000;
      expect(Math.abs(trialShare - 0.5)).toBeLessThan(0.05);
      // Cancellations only happen in the first six months of tenure.
      expect(count(run, "SELECT COUNT(*) AS n FROM subscriptions WHERE state = 'gone' AND tenure_days > 6 * 31")).toBe(0);
      expect(count(run, "SELECT COUNT(*) AS n FROM subscriptions WHERE state = 'gone'")).toBeGreaterThan(500);
      // The final state is open-ended.
      expect(count(run, "SELECT COUNT(*) AS n FROM subscriptions WHERE state = 'gone' AND (end_date IS NOT NULL OR is_last = 0)")).toBe(0);
    });
  });

  it('reports unknown states, misplaced dwell times and clashing attributes at their options', () => {
    const bad = RENEWALS.replace('to: cancelled, change: cancel', 'to: canceled, change: cancel');
    expect(validateSpec(lifecycleSpec(bad))).toEqual([
      expect.objectContaining({ code: 'SPEC_BAD_OPTION', path: 'tables.subscriptions.rows.lifecycle.states.active.transitions[1].to', hint: 'did you mean "cancelled"?' }),
    ]);
    const noDwell = RENEWALS.replace('    dwell: 30\n', '');
    expect(validateSpec(lifecycleSpec(noDwell))[0]).toMatchObject({ path: 'tables.subscriptions.rows.lifecycle.states.active', message: expect.stringContaining('no dwell') });
    const clash = RENEWALS.replace('set: { plan: { from: parent.plan } }', 'set: { state: x }');
    expect(validateSpec(lifecycleSpec(clash))[0]).toMatchObject({ message: expect.stringContaining('"state" has the name of a lifecycle field') });
  });
});
