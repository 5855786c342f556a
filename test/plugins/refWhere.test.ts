import { runSpec, validateSpec } from '../helpers/runSpec';
import { chiSquare } from './columnSamples';

/** Patients registered over two years, appointments over the same years, with `columns` for the appointments. */
const clinicSpec = (columns: string, appointments = 3000) => `
name: t
seed: 3
as_of: 2025-06-30
tables:
  patients:
    rows: { count: 400 }
    columns:
      patient_id: { type: integer, primary_key: true, sequence: {} }
      registered_on: { type: date, date_between: { from: 2023-01-01, to: 2024-12-31 } }
      region: { type: text, choice: { values: [north, south, east] } }
      popularity: { type: integer, sequence: {} }
  appointments:
    rows: { count: ${appointments} }
    columns:
      appointment_id: { type: integer, primary_key: true, sequence: {} }
      appointment_date: { type: date, date_between: { from: 2023-03-01, to: 2024-12-31 } }
      region: { type: text, choice: { values: [north, south, east] } }
${columns}
`;

/** Customers who joined, half of whom left later, and orders referencing one by `where`. */
const customerSpec = (where: string) => `
name: t
seed: 5
as_of: 2025-06-30
tables:
  customers:
    rows: { count: 300 }
    columns:
      customer_id: { type: integer, primary_key: true, sequence: {} }
      joined_on: { type: date, date_between: { from: 2022-01-01, to: 2024-06-30 } }
      left_on: { type: date, null_probability: 0.5, date_offset: { from: joined_on, offset: { integer: { min: 30, max: 400 } } } }
  orders:
    rows: { count: 3000 }
    columns:
      order_id: { type: integer, primary_key: true, sequence: {} }
      order_date: { type: date, date_between: { from: 2023-01-01, to: 2024-12-31 } }
      customer_id: { type: integer, ref: { to: customers.customer_id, where: '${where}' } }
`;

const day = (date: unknown) => String(date).slice(0, 10);

describe('ref where:', () => {
  test('every picked patient registered on or before the appointment, and column.other reads the picked row', async () => {
    const run = await runSpec(
      clinicSpec(`      patient_id: { type: integer, ref: { to: patients.patient_id, where: "candidate.registered_on <= appointment_date" } }
      registered_on: { type: date, from: patient_id.registered_on }`),
    );
    const registered = new Map(run.rows('patients').map((p) => [p.patient_id, day(p.registered_on)]));
    const rows = run.rows('appointments');
    expect(rows.length).toBe(3000);
    for (const row of rows) {
      expect(day(row.registered_on)).toBe(registered.get(row.patient_id));
      expect(day(row.registered_on) <= day(row.appointment_date)).toBe(true);
    }
    // Not only the earliest patients: late appointments reach patients registered late.
    expect(Math.max(...rows.map((r) => Number(r.patient_id)))).toBeGreaterThan(350);
    run.close();
  });

  test('a customer active on the date: an interval with an open end, and a comparison chain', async () => {
    for (const where of [
      'candidate.joined_on <= order_date and (candidate.left_on == null or candidate.left_on > order_date)',
      'candidate.joined_on <= order_date < coalesce(candidate.left_on, add_days(as_of, 1))',
    ]) {
      const run = await runSpec(customerSpec(where));
      const customers = new Map(run.rows('customers').map((c) => [c.customer_id, c]));
      const orders = run.rows('orders');
      for (const order of orders) {
        const customer = customers.get(order.customer_id)!;
        expect(day(customer.joined_on) <= day(order.order_date)).toBe(true);
        if (customer.left_on !== null) expect(day(customer.left_on) > day(order.order_date)).toBe(true);
      }
      // Customers who left are picked too, while they were active.
      expect(orders.some((o) => customers.get(o.customer_id)!.left_on !== null)).toBe(true);
      run.close();
    }
  });

  test('NULL candidate columns: no ordering holds for them, == null finds them', async () => {
    const leavers = await runSpec(customerSpec('candidate.joined_on <= order_date and candidate.left_on > order_date'));
    const customers = new Map(leavers.rows('customers').map((c) => [c.customer_id, c]));
    for (const order of leavers.rows('orders')) {
      const customer = customers.get(order.customer_id)!;
      expect(customer.left_on !== null && day(customer.left_on) > day(order.order_date) && day(customer.joined_on) <= day(order.order_date)).toBe(true);
    }
    leavers.close();
    const stayers = await runSpec(customerSpec('candidate.left_on == null and candidate.joined_on <= order_date'));
    const left = new Map(stayers.rows('customers').map((c) => [c.customer_id, c.left_on]));
    expect(stayers.rows('orders').every((o) => left.get(o.customer_id) === null)).toBe(true);
    stayers.close();
  });

  test('parts the window does not serve (text, or a column of the row on both sides) are tested on the picked row', async () => {
    const run = await runSpec(
      clinicSpec(`      patient_id: { type: integer, ref: { to: patients.patient_id, where: "candidate.registered_on <= appointment_date and candidate.region == region and candidate.patient_id mod 2 == 0" } }`),
    );
    const patients = new Map(run.rows('patients').map((p) => [p.patient_id, p]));
    for (const row of run.rows('appointments')) {
      const patient = patients.get(row.patient_id)!;
      expect([patient.region, Number(row.patient_id) % 2, day(patient.registered_on) <= day(row.appointment_date)]).toEqual([row.region, 0, true]);
    }
    run.close();
  });

  test('weight: inside a window, rows are picked in proportion to it (χ²)', async () => {
    const run = await runSpec(clinicSpec('      patient_id: { type: integer, ref: { to: patients.patient_id, weight: popularity, where: "candidate.patient_id <= 10 and candidate.patient_id > appointment_id mod 2" } }', 20_000));
    const rows = run.rows('appointments');
    // Odd appointment ids exclude patient 1; patient i has popularity i.
    const even = rows.filter((r) => Number(r.appointment_id) % 2 === 0).map((r) => Number(r.patient_id));
    const odd = rows.filter((r) => Number(r.appointment_id) % 2 === 1).map((r) => Number(r.patient_id));
    expect(Math.min(...odd)).toBe(2);
    const evenFit = chiSquare(even, (id) => id / 55, 1, 10);
    expect(evenFit.statistic).toBeLessThan(evenFit.limit);
    const oddFit = chiSquare(odd, (id) => id / 54, 2, 10);
    expect(oddFit.statistic).toBeLessThan(oddFit.limit);
    run.close();
  });

  test('the same spec and seed give the same references', async () => {
    const spec = clinicSpec('      patient_id: { type: integer, ref: { to: patients.patient_id, where: "candidate.registered_on <= appointment_date and candidate.region != region" } }', 500);
    const first = await runSpec(spec);
    const second = await runSpec(spec);
    expect(second.rows('appointments')).toEqual(first.rows('appointments'));
    first.close();
    second.close();
  });

  test('no candidate: none: null leaves the reference and its paths NULL; by default the run stops naming the row and the condition', async () => {
    const where = 'candidate.registered_on <= add_days(appointment_date, -700)';
    const run = await runSpec(
      clinicSpec(`      patient_id: { type: integer, ref: { to: patients.patient_id, where: "${where}", none: null } }
      registered_on: { type: date, from: patient_id.registered_on }`),
    );
    const rows = run.rows('appointments');
    const empty = rows.filter((r) => r.patient_id === null);
    expect(empty.length).toBeGreaterThan(0);
    expect(empty.every((r) => r.registered_on === null)).toBe(true);
    expect(rows.some((r) => r.patient_id !== null)).toBe(true);
    run.close();
    await expect(runSpec(clinicSpec(`      patient_id: { type: integer, ref: { to: patients.patient_id, where: "${where}" } }`))).rejects.toThrow(
      /appointments: row \d+: no row of table "patients" meets where "candidate.registered_on <= add_days\(appointment_date, -700\)"/,
    );
  });

  test('a bad where is reported at its line, with what is wrong', async () => {
    const misspelt = await validateSpec(clinicSpec('      patient_id: { type: integer, ref: { to: patients.patient_id, where: "candidate.registerd_on <= appointment_date" } }'));
    expect(misspelt).toEqual([
      expect.objectContaining({ code: 'SPEC_UNKNOWN_COLUMN', path: 'tables.appointments.columns.patient_id.ref.where', message: expect.stringContaining('no column "registerd_on"'), hint: expect.stringContaining('registered_on') }),
    ]);
    expect(misspelt[0].line).toBe(19);
    const broken = await validateSpec(clinicSpec('      patient_id: { type: integer, ref: { to: patients.patient_id, where: "candidate.registered_on <=" } }'));
    expect(broken).toEqual([expect.objectContaining({ code: 'SPEC_BAD_EXPRESSION', path: 'tables.appointments.columns.patient_id.ref.where' })]);
    const unknownRowName = await validateSpec(clinicSpec('      patient_id: { type: integer, ref: { to: patients.patient_id, where: "candidate.registered_on <= appointment_day" } }'));
    expect(unknownRowName).toEqual([expect.objectContaining({ path: 'tables.appointments.columns.patient_id.ref.where', hint: expect.stringContaining('appointment_date') })]);
  });
});
