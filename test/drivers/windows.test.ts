import { runSpec, validateSpec, type SpecRun } from '../helpers/runSpec';

const AS_OF = '2025-06-30';

/** Accounts with an active window (closed for about half of them), and `extra` tables reading them. */
function accountsSpec(extra: string, accounts = 5000): string {
  return `
name: windows
seed: 13
as_of: ${AS_OF}
tables:
  accounts:
    rows: { count: ${accounts} }
    columns:
      account_id: { type: integer, primary_key: true, sequence: {} }
      tier: { type: text, choice: { free: 70, paid: 30 } }
      risk: { type: real, uniform: { min: 0, max: 1 } }
      opened_at: { type: datetime, date_between: { from: -3 years, to: as_of } }
      closed_at:
        type: datetime
        null_probability: 0.5
        date_offset: { from: opened_at, offset: { exponential: { mean: 200 } }, not_after: as_of }
${extra}
`;
}

async function withRun<T>(spec: string, body: (run: SpecRun) => T): Promise<T> {
  const run = await runSpec(spec);
  try {
    return body(run);
  } finally {
    run.close();
  }
}

const value = (run: SpecRun, sql: string): number => Object.values(run.db.prepare(sql).get() as Record<string, number>)[0];

describe('date_within generator', () => {
  it("puts no event outside its entity's window, across a large generated set", async () => {
    const events = `
  events:
    rows: { per_parent: { parent: accounts, count: { integer: { min: 0, max: 20 } } } }
    columns:
      event_id: { type: integer, primary_key: true, sequence: {} }
      account_id: { type: integer, from: parent.account_id, references: accounts.account_id }
      at: { type: datetime, date_within: { start: parent.opened_at, end: parent.closed_at } }
      day: { type: date, date_within: { start: parent.opened_at, end: parent.closed_at } }
      early: { type: datetime, date_within: { start: parent.opened_at, end: parent.closed_at, min_days: 1, max_days: 30 } }`;
    await withRun(accountsSpec(events), (run) => {
      expect(value(run, 'SELECT COUNT(*) FROM events')).toBeGreaterThan(45000);
      const outside = `SELECT COUNT(*) FROM events e JOIN accounts a USING (account_id)
        WHERE e.at < a.opened_at OR e.at > COALESCE(a.closed_at, '${AS_OF} 00:00:00')
           OR e.day < date(a.opened_at) OR e.day > date(COALESCE(a.closed_at, '${AS_OF}'))
           OR e.early < datetime(a.opened_at, '+1 day') OR e.early > datetime(a.opened_at, '+30 days') OR e.early > COALESCE(a.closed_at, '${AS_OF} 00:00:00')`;
      expect(value(run, outside)).toBe(0);
      // NULL only when the window is empty: a window shorter than a day has no date-time after one day.
      const nullWhenOpen = `SELECT COUNT(*) FROM events e JOIN accounts a USING (account_id)
        WHERE e.early IS NULL AND julianday(COALESCE(a.closed_at, '${AS_OF}')) - julianday(a.opened_at) > 1.001`;
      expect(value(run, nullWhenOpen)).toBe(0);
      expect(value(run, 'SELECT COUNT(*) FROM events WHERE at IS NULL')).toBe(0);
      // Spread over the whole window: the mean position inside it is about one half.
      const position = `SELECT AVG((julianday(e.at) - julianday(a.opened_at)) / (julianday(COALESCE(a.closed_at, '${AS_OF}')) - julianday(a.opened_at)))
        FROM events e JOIN accounts a USING (account_id) WHERE julianday(COALESCE(a.closed_at, '${AS_OF}')) - julianday(a.opened_at) > 1`;
      expect(Math.abs(value(run, position) - 0.5)).toBeLessThan(0.01);
    });
  });

  it('also keeps inside a second window, and gives NULL when the two do not meet', async () => {
    const events = `
  events:
    rows: { per_parent: { parent: accounts, count: { constant: 3 } } }
    columns:
      event_id: { type: integer, primary_key: true, sequence: {} }
      account_id: { type: integer, from: parent.account_id }
      campaign_start: { type: date, constant: 2024-03-01 }
      campaign_end: { type: date, constant: 2024-03-31 }
      at: { type: date, date_within: { start: parent.opened_at, end: parent.closed_at, within: { start: campaign_start, end: campaign_end } } }`;
    await withRun(accountsSpec(events), (run) => {
      expect(value(run, "SELECT COUNT(*) FROM events WHERE at < '2024-03-01' OR at > '2024-03-31'")).toBe(0);
      const missed = `SELECT COUNT(*) FROM events e JOIN accounts a USING (account_id)
        WHERE e.at IS NULL AND date(a.opened_at) < '2024-03-30' AND COALESCE(a.closed_at, '9999') > '2024-03-02'`;
      expect(value(run, missed)).toBe(0);
      expect(value(run, 'SELECT COUNT(*) FROM events WHERE at IS NULL')).toBeGreaterThan(5000);
    });
  });
});

describe('chance generator', () => {
  it('makes a row exist with a probability given by an expression over the parent (conditional emission)', async () => {
    const flags = `
  churn_flags:
    rows: { per_parent: { parent: accounts, count: { chance: 'if parent.tier == "paid" then parent.risk / 2 else parent.risk' } } }
    columns:
      flag_id: { type: integer, primary_key: true, sequence: {} }
      account_id: { type: integer, from: parent.account_id, references: accounts.account_id }
  closures:
    rows: { per_parent: { parent: accounts, count: { chance: 'exists(parent.closed_at)' } } }
    columns:
      closure_id: { type: integer, primary_key: true, sequence: {} }
      account_id: { type: integer, from: parent.account_id }
      closed_at: { type: datetime, from: parent.closed_at }`;
    await withRun(accountsSpec(flags, 20000), (run) => {
      const share = (tier: string) =>
        value(run, `SELECT COUNT(*) FROM churn_flags JOIN accounts USING (account_id) WHERE tier = '${tier}'`) / value(run, `SELECT COUNT(*) FROM accounts WHERE tier = '${tier}'`);
      // E[risk] = 0.5: free accounts are flagged half the time, paid ones a quarter.
      expect(Math.abs(share('free') - 0.5)).toBeLessThan(0.02);
      expect(Math.abs(share('paid') - 0.25)).toBeLessThan(0.025);
      expect(value(run, 'SELECT AVG(a.risk) FROM churn_flags JOIN accounts a USING (account_id)')).toBeGreaterThan(0.6);
      // A condition as probability: exactly the closed accounts, once each.
      expect(value(run, 'SELECT COUNT(*) FROM closures')).toBe(value(run, 'SELECT COUNT(*) FROM accounts WHERE closed_at IS NOT NULL'));
      expect(value(run, 'SELECT COUNT(*) FROM closures c JOIN accounts a USING (account_id) WHERE c.closed_at IS NOT a.closed_at')).toBe(0);
    });
  });
});

describe('funnel_stage generator', () => {
  const funnel = (draw: string) => `
name: funnel
seed: 2
as_of: ${AS_OF}
tables:
  traffic:
    rows: { count: 6000 }
    columns:
      channel: { type: text, choice: { Paid: 50, Organic: 50 } }
      visitors: { type: integer, integer: { min: 0, max: 50000 } }
      leads: { type: integer, funnel_stage: { from: visitors, rate: { by: channel, cases: { Organic: { constant: 0.05 } }, uniform: { min: 0.02, max: 0.04 } }${draw} } }
      mqls: { type: integer, funnel_stage: { from: leads, rate: 0.3${draw} } }
      customers: { type: integer, funnel_stage: { from: mqls, rate: 0.9${draw} } }
`;

  it.each([[''], [', draw: binomial']])('gives whole, monotone stages at rates by category%s', async (draw) => {
    await withRun(funnel(draw), (run) => {
      expect(value(run, 'SELECT COUNT(*) FROM traffic WHERE leads > visitors OR mqls > leads OR customers > mqls OR customers < 0 OR leads <> CAST(leads AS INTEGER)')).toBe(0);
      const rate = (channel: string) => value(run, `SELECT 1.0 * SUM(leads) / SUM(visitors) FROM traffic WHERE channel = '${channel}'`);
      expect(Math.abs(rate('Organic') - 0.05)).toBeLessThan(0.001);
      expect(Math.abs(rate('Paid') - 0.03)).toBeLessThan(0.001);
      expect(Math.abs(value(run, 'SELECT 1.0 * SUM(customers) / SUM(mqls) FROM traffic') - 0.9)).toBeLessThan(0.005);
    });
  });

  it('reports a missing previous stage with a suggestion', () => {
    const problems = validateSpec(funnel('').replace('from: leads,', 'from: lead,'));
    expect(problems).toEqual([expect.objectContaining({ code: 'SPEC_UNKNOWN_NAME', path: 'tables.traffic.columns.mqls.funnel_stage.from', hint: 'did you mean "leads"?' })]);
  });
});
