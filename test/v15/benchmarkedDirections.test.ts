import type { SpecRun } from '../helpers/runSpec';
import { BENCHMARKED_SPEC, generate } from './v15Dataset';

// The directions the benchmarked scenario must show, measured in SQL over generated data at
// several seeds (one database per seed for every test). Each assertion asks for a margin the
// calibration clearly gives, so a change that flattens or reverses a direction fails. Revenue:
// net revenue retention rises with contract size, upgrades and downgrades move the price the way
// their names say and spread over a customer's life, involuntary churn follows payments that
// stayed failed, and organic traffic converts best.
const SCALE = 0.2;
const SEEDS = [1, 2, 3];

type Row = Record<string, number | string>;
type Segment = 'SMB' | 'Mid-Market' | 'Enterprise';
const SEGMENTS: Segment[] = ['SMB', 'Mid-Market', 'Enterprise'];

/** 12-month NRR and GRR by segment: the customers paying at the start of the 12 complete months before as_of, their MRR then and at the end. */
const RETENTION_SQL = `
  WITH window_dates AS (SELECT date(MAX(month_start), '-11 months') AS then_at, date(MAX(month_start), '+1 month') AS now_at FROM acquisition_plan),
  mrr AS (
    SELECT c.customer_segment AS segment,
           SUM(CASE WHEN s.start_date < w.then_at AND (s.end_date IS NULL OR s.end_date >= w.then_at) THEN s.subscription_price ELSE 0 END) AS mrr_then,
           SUM(CASE WHEN s.start_date < w.now_at AND (s.end_date IS NULL OR s.end_date >= w.now_at) THEN s.subscription_price ELSE 0 END) AS mrr_now
    FROM subscriptions s JOIN customers c ON c.customer_id = s.customer_id CROSS JOIN window_dates w
    GROUP BY s.customer_id, c.customer_segment)
  SELECT segment, 100.0 * SUM(mrr_now) / SUM(mrr_then) AS nrr, 100.0 * SUM(MIN(mrr_now, mrr_then)) / SUM(mrr_then) AS grr
  FROM mrr WHERE mrr_then > 0 GROUP BY segment`;

describe.each(SEEDS)('specs/scenarios/benchmarked.yaml directions, seed %i', (seed) => {
  let run: SpecRun;
  beforeAll(async () => {
    run = await generate(BENCHMARKED_SPEC, SCALE, [], undefined, seed);
  });
  afterAll(() => run?.close());

  const rows = (sql: string) => run.db.prepare(sql).all() as Row[];
  /** { segment: value } from a query returning segment and value. */
  const bySegment = (sql: string) => Object.fromEntries(rows(sql).map((r) => [r.segment, Number(r.value)])) as Record<Segment, number>;

  it('churns larger segments less: monthly churn SMB > Mid-Market > Enterprise', () => {
    // Churn events per customer-month lived (signup to churn, or to the dataset's end).
    const churn = bySegment(`
      SELECT c.customer_segment AS segment,
             100.0 * COUNT(e.churn_id) / SUM((julianday(COALESCE(e.churn_date, w.end_date)) - julianday(c.signup_date)) / 30.4375) AS value
      FROM customers c LEFT JOIN churn_events e USING (customer_id)
      CROSS JOIN (SELECT date(MAX(month_start), '+2 months') AS end_date FROM acquisition_plan) w
      GROUP BY 1`);
    expect(churn.SMB).toBeGreaterThan(1.5 * churn['Mid-Market']);
    expect(churn['Mid-Market']).toBeGreaterThan(1.2 * churn.Enterprise);
  });

  it('has larger segments pay more often by ACH (bank transfer of an invoice) and less by card', () => {
    const share = (method: string) =>
      bySegment(`SELECT c.customer_segment AS segment, AVG(p.payment_method = '${method}') AS value FROM payments p JOIN customers c USING (customer_id) GROUP BY 1`);
    const ach = share('ACH');
    expect(ach.Enterprise).toBeGreaterThan(ach['Mid-Market'] + 0.15);
    expect(ach['Mid-Market']).toBeGreaterThan(ach.SMB + 0.15);
    const card = share('Card');
    expect(card.SMB).toBeGreaterThan(card['Mid-Market'] + 0.08);
    expect(card['Mid-Market']).toBeGreaterThan(card.Enterprise + 0.1);
  });

  it('fails first payment attempts by method as before (card-funded ~6 %, ACH ~0.5 %); some churn is involuntary, with no stated reason', () => {
    const failed = Object.fromEntries(
      rows("SELECT payment_method = 'ACH' AS ach, 1 - AVG(success) AS failed FROM payments WHERE attempt = 1 GROUP BY 1").map((r) => [r.ach ? 'ach' : 'card', Number(r.failed)]),
    );
    expect(failed.card).toBeGreaterThan(0.045);
    expect(failed.card).toBeLessThan(0.075);
    expect(failed.ach).toBeLessThan(0.015);
    const involuntary = Number(rows("SELECT AVG(churn_type = 'involuntary') AS share FROM churn_events")[0].share);
    expect(involuntary).toBeGreaterThan(0.08);
    expect(involuntary).toBeLessThan(0.25);
    expect(rows("SELECT DISTINCT churn_reason FROM churn_events WHERE churn_type = 'involuntary'")).toEqual([{ churn_reason: 'Other' }]);
  });

  /** Each customer: segment, ticket count, mean resolution days (NULL without a resolved ticket), churned 1/0. */
  const supportRows = () =>
    rows(`
      SELECT c.customer_segment AS segment, COUNT(t.ticket_id) AS tickets,
             AVG(julianday(t.resolved_at) - julianday(t.created_at)) AS resolution, MAX(e.churn_id IS NOT NULL) AS churned
      FROM customers c LEFT JOIN support_tickets t USING (customer_id) LEFT JOIN churn_events e USING (customer_id)
      GROUP BY c.customer_id`);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const churnRate = (group: Row[]) => group.reduce((n, r) => n + Number(r.churned), 0) / group.length;

  it('churns customers with more tickets than their segment median more, in every segment', () => {
    const customers = supportRows();
    for (const segment of SEGMENTS) {
      const own = customers.filter((r) => r.segment === segment);
      const middle = median(own.map((r) => Number(r.tickets)));
      const more = churnRate(own.filter((r) => Number(r.tickets) > middle));
      const rest = churnRate(own.filter((r) => Number(r.tickets) <= middle));
      expect({ segment, clearlyMore: more > rest + 0.15 }).toEqual({ segment, clearlyMore: true });
    }
  });

  it('churns customers whose tickets are resolved slower than their segment median more', () => {
    const customers = supportRows().filter((r) => r.resolution !== null);
    // Split each segment at its own median, so both halves hold the same segment mix.
    const slower: Row[] = [];
    const faster: Row[] = [];
    for (const segment of SEGMENTS) {
      const own = customers.filter((r) => r.segment === segment);
      const middle = median(own.map((r) => Number(r.resolution)));
      const slow = own.filter((r) => Number(r.resolution) > middle);
      const fast = own.filter((r) => Number(r.resolution) <= middle);
      slower.push(...slow);
      faster.push(...fast);
      // Enterprise tickets are all resolved within hours: too little spread to measure one segment alone.
      if (segment !== 'Enterprise') expect({ segment, slowerChurnMore: churnRate(slow) > churnRate(fast) + 0.04 }).toEqual({ segment, slowerChurnMore: true });
    }
    expect(churnRate(slower)).toBeGreaterThan(churnRate(faster) + 0.06);
  });

  it('peaks new business in Q1 and dips it in July, August and December', () => {
    // Signups per calendar month, over the average month.
    const ratio = Object.fromEntries(
      rows(`SELECT CAST(strftime('%m', signup_date) AS INTEGER) AS month, 12.0 * COUNT(*) / (SELECT COUNT(*) FROM customers) AS value FROM customers GROUP BY 1`).map(
        (r) => [r.month, Number(r.value)],
      ),
    );
    for (const month of [1, 2, 3]) expect({ month, above: ratio[month] > 1.03 }).toEqual({ month, above: true });
    expect((ratio[1] + ratio[2] + ratio[3]) / 3).toBeGreaterThan(1.1);
    for (const month of [7, 8]) expect({ month, below: ratio[month] < 0.9 }).toEqual({ month, below: true });
    expect(ratio[12]).toBeLessThan(0.85);
  });

  const value = (sql: string) => Number(Object.values(run.db.prepare(sql).get() as Row)[0]);

  it('retains net revenue Enterprise > Mid-Market > SMB, Enterprise above 100 %', () => {
    const nrr = Object.fromEntries(rows(RETENTION_SQL).map((r) => [r.segment, Number(r.nrr)])) as Record<Segment, number>;
    expect(nrr.Enterprise).toBeGreaterThan(100);
    expect(nrr.Enterprise).toBeGreaterThan(nrr['Mid-Market'] + 5);
    expect(nrr['Mid-Market']).toBeGreaterThan(nrr.SMB + 5);
  });

  it('raises the price on every upgrade and lowers it on every downgrade; reactivations return to the plan before the lapse', () => {
    // Each plan change against the period it follows (same customer, ending where it starts, or the last before a lapse).
    const changes = rows(`
      SELECT s.change_type, SUM(s.subscription_price > p.subscription_price) AS higher, SUM(s.subscription_price < p.subscription_price) AS lower,
             SUM(s.plan_type = p.plan_type) AS same, COUNT(*) AS n
      FROM subscriptions s JOIN subscriptions p ON p.customer_id = s.customer_id
        AND p.start_date = (SELECT MAX(x.start_date) FROM subscriptions x WHERE x.customer_id = s.customer_id AND x.start_date < s.start_date)
      WHERE s.change_type <> 'signup' GROUP BY 1`);
    const by = Object.fromEntries(changes.map((r) => [r.change_type, r]));
    expect(Number(by.upgrade.n)).toBeGreaterThan(100);
    expect(by.upgrade.higher).toBe(by.upgrade.n);
    expect(Number(by.downgrade.n)).toBeGreaterThan(20);
    expect(by.downgrade.lower).toBe(by.downgrade.n);
    expect(by.reactivation.same).toBe(by.reactivation.n);
  });

  /**
   * Upgrades per year spent on a plan below the top of the segment's ladder (where an upgrade is
   * possible), by `grp`: an SQL expression over the customer c and their support, sup (mean_days,
   * NULL without a resolved ticket).
   */
  const upgradeRates = (grp: string) =>
    Object.fromEntries(
      rows(`
        WITH sup AS (SELECT customer_id, AVG(julianday(resolved_at) - julianday(created_at)) AS mean_days FROM support_tickets
                     WHERE resolved_at IS NOT NULL GROUP BY customer_id),
        periods AS (
          SELECT ${grp} AS grp,
                 julianday(COALESCE(s.end_date, (SELECT date(MAX(month_start), '+1 month') FROM acquisition_plan))) - julianday(s.start_date) AS days,
                 (s.ended_by_upgrade) AS upgraded
          FROM (SELECT s.*, EXISTS (SELECT 1 FROM subscriptions n WHERE n.customer_id = s.customer_id AND n.start_date = s.end_date AND n.change_type = 'upgrade') AS ended_by_upgrade
                FROM subscriptions s) s
          JOIN customers c ON c.customer_id = s.customer_id LEFT JOIN sup ON sup.customer_id = c.customer_id
          WHERE s.plan_type <> CASE c.customer_segment WHEN 'SMB' THEN 'Hopify Standard' WHEN 'Mid-Market' THEN 'Advanced' ELSE 'Plus' END)
        SELECT grp, 365.0 * SUM(upgraded) / SUM(days) AS rate FROM periods WHERE grp IS NOT NULL GROUP BY grp`).map((r) => [r.grp, Number(r.rate)]),
    );

  it('expands larger segments more often (upgrades per year on a plan that can be upgraded)', () => {
    const rate = upgradeRates('c.customer_segment') as Record<Segment, number>;
    expect(rate.Enterprise).toBeGreaterThan(1.2 * rate['Mid-Market']);
    expect(rate['Mid-Market']).toBeGreaterThan(5 * rate.SMB);
  });

  it('spreads upgrades over tenure: the second and third year upgrade at least 0.7 × as often as the first', () => {
    // Upgrades in each tenure year ÷ customer-years lived in it.
    const perYear = rows(`
      WITH life AS (SELECT c.customer_id, c.signup_date,
                           julianday(COALESCE(e.churn_date, (SELECT date(MAX(month_start), '+1 month') FROM acquisition_plan))) - julianday(c.signup_date) AS days
                    FROM customers c LEFT JOIN churn_events e ON e.customer_id = c.customer_id),
      years AS (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2),
      exposure AS (SELECT k, SUM(MAX(0, MIN(days, 365.0 * (k + 1)) - 365.0 * k)) / 365 AS customer_years FROM life, years GROUP BY k),
      upgrades AS (SELECT CAST((julianday(s.start_date) - julianday(l.signup_date)) / 365 AS INTEGER) AS k, COUNT(*) AS n
                   FROM subscriptions s JOIN life l ON l.customer_id = s.customer_id WHERE s.change_type = 'upgrade' GROUP BY 1)
      SELECT k, n / customer_years AS rate FROM exposure JOIN upgrades USING (k) ORDER BY k`).map((r) => Number(r.rate));
    expect(perYear).toHaveLength(3);
    expect(perYear[1]).toBeGreaterThan(0.7 * perYear[0]);
    expect(perYear[2]).toBeGreaterThan(0.7 * perYear[0]);
  });

  it('expands customers whose tickets are resolved within their segment SLA more than those resolved slower', () => {
    // Mid-Market and Enterprise, where expansion is common: within SLA = mean resolution within 24 h / 8 h.
    const rate = upgradeRates(`
      CASE WHEN c.customer_segment = 'SMB' OR sup.mean_days IS NULL THEN NULL
           WHEN sup.mean_days <= CASE c.customer_segment WHEN 'Mid-Market' THEN 1 ELSE 0.3333 END THEN 'within' ELSE 'slower' END`);
    expect(rate.within).toBeGreaterThan(1.5 * rate.slower);
  });

  it('churns a customer involuntarily only after failed payments, and takes no payment after the churn date', () => {
    const involuntary = rows(`
      SELECT e.customer_id,
             (SELECT COUNT(*) FROM payments p WHERE p.customer_id = e.customer_id AND p.success = 0 AND p.payment_date < e.churn_date) AS failed_before,
             (SELECT COUNT(*) FROM payments p WHERE p.customer_id = e.customer_id AND p.success = 1 AND p.payment_date > e.churn_date) AS paid_after
      FROM churn_events e WHERE e.churn_type = 'involuntary'`);
    expect(involuntary.length).toBeGreaterThan(50);
    expect(involuntary.filter((r) => Number(r.failed_before) < 1 || Number(r.paid_after) > 0)).toEqual([]);
    // And the other way round: every order left unpaid belongs to an involuntary churner.
    expect(
      value(`SELECT COUNT(*) FROM orders o LEFT JOIN churn_events e ON e.customer_id = o.customer_id
             WHERE NOT EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.order_id AND p.success = 1) AND COALESCE(e.churn_type, '') <> 'involuntary'`),
    ).toBe(0);
  });

  it('retries failed payments and recovers about half of them', () => {
    const recovered = value(`SELECT AVG(paid) FROM (SELECT MAX(success) AS paid FROM payments GROUP BY order_id HAVING MIN(success) = 0)`);
    expect(recovered).toBeGreaterThan(0.35);
    expect(recovered).toBeLessThan(0.65);
    expect(value(`SELECT MAX(attempt) FROM payments`)).toBe(4);
  });

  it('converts visitors to leads at a few percent, Organic best and Social Media worst', () => {
    const rate = Object.fromEntries(rows('SELECT source_channel, 1.0 * SUM(leads) / SUM(visitors) AS rate FROM web_traffic GROUP BY 1').map((r) => [r.source_channel, Number(r.rate)]));
    for (const channel of ['Organic', 'Paid Search', 'Social Media']) expect({ channel, inRange: rate[channel] > 0.005 && rate[channel] < 0.04 }).toEqual({ channel, inRange: true });
    expect(rate.Organic).toBeGreaterThan(rate['Paid Search']);
    expect(rate['Paid Search']).toBeGreaterThan(rate['Social Media']);
  });
});
