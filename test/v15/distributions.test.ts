import type { SpecRun } from '../helpers/runSpec';
import { generate, scalar, V15_SPEC } from './v15Dataset';

const SCALE = 0.05;

type Row = Record<string, number | string>;

describe('specs/v15.yaml distributions', () => {
  let run: SpecRun;
  beforeAll(async () => {
    run = await generate(V15_SPEC, SCALE);
  });
  afterAll(() => run?.close());

  const rows = (sql: string) => run.db.prepare(sql).all() as Row[];
  /** { key: value } from a two-column query. */
  const byKey = (sql: string) => Object.fromEntries(rows(sql).map((r) => Object.values(r)));

  it('plans about 75,000 signups at scale 1 over 36 months, seasonally', () => {
    const total = scalar(run, 'SELECT SUM(planned_signups) FROM acquisition_plan');
    expect(total / SCALE).toBeGreaterThan(70_000);
    expect(total / SCALE).toBeLessThan(80_000);
    expect(scalar(run, 'SELECT COUNT(*) FROM acquisition_plan')).toBe(36);
    const ranges = byKey("SELECT acquisition_source, MIN(planned_signups) || '-' || MAX(planned_signups) FROM acquisition_plan GROUP BY 1");
    const within = (source: string, min: number, max: number) => {
      const [lo, hi] = String(ranges[source]).split('-').map(Number);
      expect(lo).toBeGreaterThanOrEqual(Math.floor(min * SCALE));
      expect(hi).toBeLessThanOrEqual(Math.ceil(max * SCALE));
    };
    within('Summer Dip - Organic', 1200, 1800);
    within('Holiday Season Spike - Campaign', 2200, 3000);
    within('Organic Growth', 1800, 2300);
    if (ranges['Spring Marketing Campaign']) within('Spring Marketing Campaign', 3000, 4000);
    expect(scalar(run, "SELECT COUNT(*) FROM acquisition_plan WHERE acquisition_source = 'Spring Marketing Campaign' AND strftime('%m', month_start) <> '04'")).toBe(0);
  });

  it('splits new customers 60 / 30 / 10 by segment', () => {
    const shares = byKey('SELECT customer_segment, 100.0 * COUNT(*) / (SELECT COUNT(*) FROM customers) FROM customers GROUP BY 1');
    expect(Math.abs(Number(shares.SMB) - 60)).toBeLessThan(2.5);
    expect(Math.abs(Number(shares['Mid-Market']) - 30)).toBeLessThan(2.5);
    expect(Math.abs(Number(shares.Enterprise) - 10)).toBeLessThan(1.5);
  });

  it('draws the plan mix by segment', () => {
    const mix = rows(`
      SELECT c.customer_segment AS segment, s.plan_type AS plan,
             1.0 * COUNT(*) / SUM(COUNT(*)) OVER (PARTITION BY c.customer_segment) AS share
      FROM subscriptions s JOIN customers c USING (customer_id) GROUP BY 1, 2`);
    const share = (segment: string, plan: string) => Number(mix.find((r) => r.segment === segment && r.plan === plan)?.share ?? 0);
    const expected: [string, string, number, number][] = [
      ['SMB', 'Starter', 0.7, 0.03], ['SMB', 'Basic', 0.25, 0.03], ['SMB', 'Hopify Standard', 0.05, 0.015],
      ['Mid-Market', 'Basic', 0.15, 0.03], ['Mid-Market', 'Hopify Standard', 0.5, 0.04], ['Mid-Market', 'Advanced', 0.35, 0.04],
      ['Enterprise', 'Hopify Standard', 0.1, 0.03], ['Enterprise', 'Advanced', 0.4, 0.05], ['Enterprise', 'Plus', 0.5, 0.05],
    ];
    for (const [segment, plan, target, tolerance] of expected) expect({ segment, plan, off: Math.abs(share(segment, plan) - target) <= tolerance }).toEqual({ segment, plan, off: true });
    expect(mix.filter((r) => r.segment === 'SMB').map((r) => r.plan).sort()).toEqual(['Basic', 'Hopify Standard', 'Starter']);
  });

  it('gives each segment its number of plan periods, most of them upgrades', () => {
    const periods = rows(`
      SELECT c.customer_segment AS segment, MIN(n) AS lo, MAX(n) AS hi FROM
        (SELECT customer_id, COUNT(*) AS n FROM subscriptions GROUP BY 1) JOIN customers c USING (customer_id) GROUP BY 1`);
    const bounds = Object.fromEntries(periods.map((r) => [r.segment, [r.lo, r.hi]]));
    expect(bounds.SMB).toEqual([1, 2]);
    expect(bounds['Mid-Market']).toEqual([1, 3]);
    expect(bounds.Enterprise[1]).toBe(4);
    const changes = byKey("SELECT change_type, COUNT(*) FROM subscriptions WHERE change_type <> 'signup' GROUP BY 1");
    const upgradeShare = Number(changes.upgrade) / (Number(changes.upgrade) + Number(changes.reactivation));
    expect(upgradeShare).toBeGreaterThan(0.6);
    expect(upgradeShare).toBeLessThan(0.85);
  });

  it('gives Enterprise 3–6, Mid-Market 2–4 and SMB 1–3 orders of 1–5 items', () => {
    const orders = rows(`
      SELECT c.customer_segment AS segment, MIN(n) AS lo, MAX(n) AS hi, AVG(n) AS mean FROM
        (SELECT c.customer_id, COUNT(o.order_id) AS n FROM customers c LEFT JOIN orders o USING (customer_id) GROUP BY 1) JOIN customers c USING (customer_id)
      GROUP BY 1`);
    const of = (segment: string) => orders.find((r) => r.segment === segment)!;
    expect([of('Enterprise').lo, of('Enterprise').hi]).toEqual([3, 6]);
    expect([of('Mid-Market').lo, of('Mid-Market').hi]).toEqual([2, 4]);
    expect([of('SMB').lo, of('SMB').hi]).toEqual([1, 3]);
    expect(Number(of('Enterprise').mean)).toBeCloseTo(4.5, 0);
    expect(Math.abs(Number(of('Mid-Market').mean) - 3)).toBeLessThan(0.1);
    expect(Math.abs(Number(of('SMB').mean) - 2)).toBeLessThan(0.08);
    expect(byKey('SELECT MIN(n), MAX(n) FROM (SELECT COUNT(*) AS n FROM order_items GROUP BY order_id)')).toEqual({ 1: 5 });
  });

  it('buys from the categories each segment prefers', () => {
    const mix = rows(`
      SELECT c.customer_segment AS segment, p.category, 1.0 * COUNT(*) / SUM(COUNT(*)) OVER (PARTITION BY c.customer_segment) AS share
      FROM order_items i JOIN orders o USING (order_id) JOIN customers c USING (customer_id) JOIN products p USING (product_id) GROUP BY 1, 2`);
    const share = (segment: string, category: string) => Number(mix.find((r) => r.segment === segment && r.category === category)?.share ?? 0);
    expect(Math.abs(share('Enterprise', 'POS Hardware & Software') - 0.4)).toBeLessThan(0.04);
    expect(Math.abs(share('Enterprise', 'Apps & Integrations') - 0.1)).toBeLessThan(0.03);
    expect(Math.abs(share('Mid-Market', 'Storefront Tools') - 0.4)).toBeLessThan(0.03);
    expect(Math.abs(share('SMB', 'Storefront Tools') - 0.5)).toBeLessThan(0.03);
    expect(Math.abs(share('SMB', 'Logistics & Shipping') - 0.2)).toBeLessThan(0.03);
    expect(share('SMB', 'POS Hardware & Software')).toBe(0);
  });

  it('pays every order once, 97% successfully, by one of four methods', () => {
    expect(Math.abs(scalar(run, 'SELECT AVG(success) FROM payments') - 0.97)).toBeLessThan(0.01);
    const methods = byKey('SELECT payment_method, 1.0 * COUNT(*) / (SELECT COUNT(*) FROM payments) FROM payments GROUP BY 1');
    expect(Object.keys(methods).sort()).toEqual(['ACH', 'Card', 'Hop Pay', 'PayPal']);
    for (const share of Object.values(methods)) expect(Math.abs(Number(share) - 0.25)).toBeLessThan(0.025);
  });

  it('gives sampled customers their segment’s ticket counts', () => {
    const tickets = rows(`
      SELECT c.customer_segment AS segment, MIN(n) AS lo, MAX(n) AS hi, AVG(n) AS mean FROM
        (SELECT customer_id, COUNT(*) AS n FROM support_tickets GROUP BY 1) JOIN customers c USING (customer_id) GROUP BY 1`);
    const of = (segment: string) => tickets.find((r) => r.segment === segment)!;
    expect([of('Enterprise').lo, of('Enterprise').hi]).toEqual([5, 10]);
    expect([of('Mid-Market').lo, of('Mid-Market').hi]).toEqual([2, 6]);
    expect([of('SMB').lo, of('SMB').hi]).toEqual([1, 3]);
    expect(Math.abs(Number(of('Enterprise').mean) - 6.68)).toBeLessThan(0.4);
    expect(Math.abs(Number(of('Mid-Market').mean) - 3.35)).toBeLessThan(0.2);
    // Every sampled Mid-Market and Enterprise customer files tickets: about 20,000 / 75,000 of them.
    const sampled = scalar(run, `
      SELECT 1.0 * COUNT(DISTINCT t.customer_id) / (SELECT COUNT(*) FROM customers WHERE customer_segment <> 'SMB')
      FROM support_tickets t JOIN customers c USING (customer_id) WHERE c.customer_segment <> 'SMB'`);
    expect(Math.abs(sampled - 0.2667)).toBeLessThan(0.03);
    const categories = byKey('SELECT ticket_category, 1.0 * COUNT(*) / (SELECT COUNT(*) FROM support_tickets) FROM support_tickets GROUP BY 1');
    for (const share of Object.values(categories)) expect(Math.abs(Number(share) - 0.2)).toBeLessThan(0.04);
  });

  it('resolves tickets within the segment’s hours', () => {
    const hours = rows(`
      SELECT c.customer_segment AS segment, MIN(h) AS lo, MAX(h) AS hi, AVG(h) AS mean FROM
        (SELECT customer_id, (julianday(resolved_at) - julianday(created_at)) * 24 AS h FROM support_tickets WHERE resolved_at IS NOT NULL)
        JOIN customers c USING (customer_id) GROUP BY 1`);
    const ranges: Record<string, [number, number]> = { Enterprise: [6, 36], 'Mid-Market': [12, 72], SMB: [24, 120] };
    for (const r of hours) {
      const [min, max] = ranges[r.segment];
      expect(Number(r.lo)).toBeGreaterThanOrEqual(min - 0.001);
      expect(Number(r.hi)).toBeLessThanOrEqual(max + 0.001);
      expect(Math.abs(Number(r.mean) - (min + max) / 2)).toBeLessThan((max - min) * 0.08);
    }
    expect(scalar(run, 'SELECT AVG(resolved_at IS NULL) FROM support_tickets')).toBeLessThan(0.01);
  });

  it('churns SMB most and Enterprise least, never within 30 days of signup', () => {
    const churn = byKey(`SELECT c.customer_segment, AVG(e.churn_id IS NOT NULL) FROM customers c LEFT JOIN churn_events e USING (customer_id) GROUP BY 1`);
    expect(Number(churn.SMB)).toBeGreaterThan(Number(churn['Mid-Market']));
    expect(Number(churn['Mid-Market'])).toBeGreaterThan(Number(churn.Enterprise));
    expect(Number(churn.SMB)).toBeLessThan(0.9);
    expect(scalar(run, 'SELECT MIN(julianday(e.churn_date) - julianday(c.signup_date)) FROM churn_events e JOIN customers c USING (customer_id)')).toBeGreaterThanOrEqual(30);
  });

  it('scores churn lower for young customers (× 0.2 under 90 days of tenure)', () => {
    const churnShare = (where: string) =>
      scalar(run, `SELECT AVG(e.churn_id IS NOT NULL) FROM customers c LEFT JOIN churn_events e USING (customer_id)
                   WHERE c.customer_segment = 'SMB' AND ${where}`);
    const asOf = "(SELECT date(MAX(month_start), '+2 months', '-1 day') FROM acquisition_plan)";
    // SMB without tickets: 0.40 × 0.2 + 0.10 = 0.18 when young, 0.40 + 0.10 = 0.50 after 180 days.
    expect(churnShare(`julianday(${asOf}) - julianday(c.signup_date) < 90`)).toBeLessThan(0.3);
    expect(churnShare(`julianday(${asOf}) - julianday(c.signup_date) >= 180`)).toBeGreaterThan(0.4);
  });

  it('discounts about 20,000 orders at scale 1 with codes of 5–30%', () => {
    const discounted = scalar(run, 'SELECT COUNT(*) FROM order_discounts') / SCALE;
    expect(discounted).toBeGreaterThan(15_000);
    expect(discounted).toBeLessThan(25_000);
    expect(scalar(run, 'SELECT MIN(julianday(end_date) - julianday(start_date)) FROM discounts')).toBeGreaterThanOrEqual(0);
    expect(scalar(run, 'SELECT MAX(julianday(end_date) - julianday(start_date)) FROM discounts')).toBeLessThanOrEqual(90);
  });

  it('keeps the web funnel in the original ranges: visitors by channel, 2–5% leads, 20–40% MQLs', () => {
    expect(scalar(run, 'SELECT COUNT(*) FROM web_traffic')).toBe(72);
    const visitors = rows('SELECT source_channel AS channel, MIN(visitors) AS lo, MAX(visitors) AS hi FROM web_traffic GROUP BY 1');
    for (const r of visitors) {
      const [min, max] = r.channel === 'Organic' ? [50_000, 100_000] : [10_000, 30_000];
      expect(Number(r.lo)).toBeGreaterThanOrEqual(Math.floor(min * SCALE));
      expect(Number(r.hi)).toBeLessThanOrEqual(Math.ceil(max * SCALE));
    }
    // Rounding to whole people moves a rate by at most one person.
    expect(scalar(run, 'SELECT COUNT(*) FROM web_traffic WHERE leads < 0.02 * visitors - 1 OR leads > 0.05 * visitors + 1')).toBe(0);
    expect(scalar(run, 'SELECT COUNT(*) FROM web_traffic WHERE mqls < 0.2 * leads - 1 OR mqls > 0.4 * leads + 1')).toBe(0);
  });

  it('spends the CAC targets per new customer of each segment', () => {
    const cac = byKey(`
      SELECT s.segment, SUM(s.monthly_budget) / (SELECT COUNT(*) FROM customers c WHERE c.customer_segment = s.segment) FROM marketing_spend s GROUP BY 1`);
    expect(Math.abs(Number(cac.SMB) / 200 - 1)).toBeLessThan(0.05);
    expect(Math.abs(Number(cac['Mid-Market']) / 500 - 1)).toBeLessThan(0.07);
    expect(Math.abs(Number(cac.Enterprise) / 1000 - 1)).toBeLessThan(0.12);
  });
});
