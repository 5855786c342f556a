import type { SpecRun } from '../helpers/runSpec';
import { BENCHMARKED_SPEC, generate } from './v15Dataset';

// The directions the benchmarked scenario must show, measured in SQL over generated data at
// several seeds. Each assertion asks for a margin the calibration clearly gives, so a change
// that flattens or reverses a direction fails.
const SCALE = 0.2;
const SEEDS = [1, 2, 3];

type Row = Record<string, number | string>;
type Segment = 'SMB' | 'Mid-Market' | 'Enterprise';
const SEGMENTS: Segment[] = ['SMB', 'Mid-Market', 'Enterprise'];

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

  it('fails card payments far more often than ACH; a quarter of churn is involuntary, with no stated reason', () => {
    const failed = Object.fromEntries(
      rows("SELECT payment_method = 'ACH' AS ach, 1 - AVG(success) AS failed FROM payments GROUP BY 1").map((r) => [r.ach ? 'ach' : 'card', Number(r.failed)]),
    );
    expect(failed.card).toBeGreaterThan(0.04);
    expect(failed.card).toBeLessThan(0.08);
    expect(failed.ach).toBeLessThan(0.015);
    const involuntary = Number(rows("SELECT AVG(churn_type = 'involuntary') AS share FROM churn_events")[0].share);
    expect(involuntary).toBeGreaterThan(0.2);
    expect(involuntary).toBeLessThan(0.32);
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
});
