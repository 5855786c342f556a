import { expandSqlMacros } from '../../engine/sql/sqlMacros';
import { SQLITE_MACROS } from '../../engine/targets/sqlite/sqliteMacros';
import type { SpecRun } from '../helpers/runSpec';
import { BENCHMARKED_SPEC, checksOf, generate, V15_SPEC } from './v15Dataset';

/** A spec's checks as SQLite runs them: their {{ macros }} expanded. */
const sqliteChecks = (spec: string): [string, string][] => checksOf(spec).map(([name, sql]) => [name, expandSqlMacros(sql, SQLITE_MACROS)]);

const v15Checks = sqliteChecks(V15_SPEC);

describe('specs/v15.yaml checks', () => {
  let run: SpecRun;
  beforeAll(async () => {
    run = await generate(V15_SPEC, 0.04);
  });
  afterAll(() => run?.close());

  it('states the consistency rules of the brief', () => {
    const names = v15Checks.map(([name]) => name);
    for (const rule of [
      'subscription_before_signup', 'order_before_signup', 'payment_before_signup', 'ticket_before_signup', 'activity_after_churn',
      'subscription_overlap', 'one_current_subscription', 'churn_without_cancelled_latest', 'cancelled_latest_without_churn',
      'order_payment_count', 'payment_matches_order', 'order_total', 'discount_outside_validity', 'campaign_month_without_campaign',
      'campaign_outside_plan', 'boost_matches_label', 'acquisition_source_matches_plan', 'funnel_narrows', 'signups_per_month_match_plan',
    ]) {
      expect(names).toContain(rule);
    }
  });

  it.each(v15Checks)('%s returns no rows', (_name, sql) => {
    expect(run.db.prepare(sql).all()).toEqual([]);
  });

  it('leaves every declared foreign key resolved', () => {
    expect(run.db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
  });
});

describe('specs/scenarios/benchmarked.yaml checks', () => {
  let run: SpecRun;
  beforeAll(async () => {
    run = await generate(BENCHMARKED_SPEC, 0.02);
  });
  afterAll(() => run?.close());

  it('keeps the base checks and passes all of them', () => {
    const checks = sqliteChecks(BENCHMARKED_SPEC);
    // Every base check, in order, then the scenario's own (the dunning check).
    expect(checks.map(([name]) => name)).toEqual([...v15Checks.map(([name]) => name), 'involuntary_churn_after_failures']);
    const failing = checks.filter(([, sql]) => run.db.prepare(sql).all().length > 0).map(([name]) => name);
    expect(failing).toEqual([]);
  });
});

describe('the checks catch the original defects', () => {
  let run: SpecRun;
  // v15 with three of the original's defects put back: discounts attached regardless of their
  // validity, churn regardless of tenure, campaigns that do not start with the plan's months.
  beforeAll(async () => {
    run = await generate(V15_SPEC, 0.02, [
      'tables.order_discounts.rows.link.where=right.discount_id > 0',
      'params.churn_min_days=0',
      'tables.marketing_campaigns.columns.start_date.from=parent.month_end',
    ]);
  });
  afterAll(() => run?.close());

  it.each(['discount_outside_validity', 'churn_before_30_days', 'campaign_outside_plan', 'campaign_month_without_campaign'])('%s finds violations', (name) => {
    const sql = v15Checks.find(([check]) => check === name)![1];
    expect(run.db.prepare(sql).all().length).toBeGreaterThan(0);
  });
});
