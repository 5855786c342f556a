import { mean } from 'simple-statistics';
import { runSpec, validateSpec } from '../helpers/runSpec';
import { DAY_MS, tableSpec, writtenDateMs } from './columnSamples';

async function rowsOf(columns: string, rows?: number): Promise<Record<string, unknown>[]> {
  const run = await runSpec(tableSpec(columns, rows));
  try {
    return run.rows('t');
  } finally {
    run.close();
  }
}

describe('date_offset', () => {
  test('days after another date column; date columns hold whole days', async () => {
    const rows = await rowsOf(`
      signup_date: { type: date, date_between: { from: 2023-01-01, to: 2023-12-31 } }
      first_order: { type: date, date_offset: { from: signup_date, offset: { uniform: { min: 0, max: 30 } } } }
`);
    const gaps = rows.map((r) => (writtenDateMs(r.first_order) - writtenDateMs(r.signup_date)) / DAY_MS);
    expect(gaps.every((g) => Number.isInteger(g) && g >= 0 && g <= 30)).toBe(true);
    expect(Math.abs(mean(gaps) - 14.5)).toBeLessThan(0.3); // floor of uniform(0, 30): mean 14.5, SE 0.06
  });

  test('hours after a date-time, in whole seconds', async () => {
    const rows = await rowsOf(`
      ordered_at: { type: datetime, date_between: { from: 2024-01-01, to: 2024-12-31 } }
      shipped_at: { type: datetime, date_offset: { from: ordered_at, offset: { exponential: { mean: 12 } }, unit: hours } }
`);
    const hours = rows.map((r) => (writtenDateMs(r.shipped_at) - writtenDateMs(r.ordered_at)) / 3_600_000);
    expect(hours.every((h) => h >= 0)).toBe(true);
    expect(Math.abs(mean(hours) - 12)).toBeLessThan(0.4); // SE 0.085
  });

  test('months follow the calendar, clamping to the last day of the month', async () => {
    const rows = await rowsOf(
      `
      start: { type: date, constant: 2024-01-31 }
      plus_one: { type: date, date_offset: { from: start, offset: { constant: 1 }, unit: months } }
      plus_thirteen: { type: date, date_offset: { from: start, offset: { constant: 13 }, unit: months } }
      minus_two: { type: date, date_offset: { from: start, offset: { constant: -2 }, unit: months } }
`,
      3,
    );
    expect(rows[0]).toMatchObject({ plus_one: '2024-02-29', plus_thirteen: '2025-02-28', minus_two: '2023-11-30' });
  });

  test('not_after caps the result', async () => {
    const rows = await rowsOf(`
      signup_date: { type: date, date_between: { from: "as_of - 60 days", to: as_of } }
      renewal: { type: date, date_offset: { from: signup_date, offset: { constant: 30 }, not_after: as_of } }
`);
    const renewals = rows.map((r) => String(r.renewal));
    expect(renewals.every((d) => d <= '2025-06-30')).toBe(true);
    expect(renewals.filter((d) => d === '2025-06-30').length / rows.length).toBeGreaterThan(0.45);
  });

  test('a NULL start gives NULL', async () => {
    const rows = await rowsOf(`
      churned_on: { type: date, null_probability: 0.5, date_between: { from: 2024-01-01, to: 2024-12-31 } }
      exit_survey: { type: date, date_offset: { from: churned_on, offset: { integer: { min: 1, max: 7 } } } }
`);
    expect(rows.every((r) => (r.churned_on === null) === (r.exit_survey === null))).toBe(true);
    expect(rows.some((r) => r.churned_on === null)).toBe(true);
  });

  test('reads a parent row', async () => {
    const run = await runSpec(`
name: t
seed: 1
as_of: 2025-06-30
tables:
  customers:
    rows: { count: 200 }
    columns:
      customer_id: { type: integer, primary_key: true, sequence: {} }
      signup_date: { type: date, date_between: { from: 2024-01-01, to: 2024-12-31 } }
  orders:
    rows: { per_parent: { parent: customers, count: { integer: { min: 1, max: 3 } } } }
    columns:
      customer_id: { type: integer, from: parent.customer_id }
      order_date: { type: date, date_offset: { from: parent.signup_date, offset: { exponential: { mean: 20 } } } }
`);
    const signup = new Map(run.rows('customers').map((c) => [c.customer_id, String(c.signup_date)]));
    expect(run.rows('orders').every((o) => String(o.order_date) >= signup.get(o.customer_id)!)).toBe(true);
    run.close();
  });

  test('faults point at the option', () => {
    expect(validateSpec(tableSpec('      d: { type: date, date_offset: { from: signup, offset: { constant: 1 } } }', 10))).toEqual([
      expect.objectContaining({ code: 'SPEC_UNKNOWN_NAME', path: 'tables.t.columns.d.date_offset.from' }),
    ]);
    expect(validateSpec(tableSpec('      d: { type: date, date_offset: { from: id, offset: { uniform: { min: 5, max: 1 } } } }', 10))).toEqual([
      expect.objectContaining({ code: 'SPEC_BAD_OPTION', path: 'tables.t.columns.d.date_offset.offset.uniform.min' }),
    ]);
    expect(validateSpec(tableSpec('      d: { type: date, date_offset: { from: id, offset: { constant: 1 }, not_after: someday } }', 10))).toEqual([
      expect.objectContaining({ code: 'SPEC_BAD_DATE', path: 'tables.t.columns.d.date_offset.not_after' }),
    ]);
  });
});
