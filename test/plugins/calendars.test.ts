import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Holidays from 'date-holidays';
import { ROOT } from '../helpers/cli';
import { runSpec, validateSpec } from '../helpers/runSpec';
import type { Problem } from '../../engine/errors/problem';

const DAY_MS = 86_400_000;

/** A spec with the given calendars and the columns of one table `t` (YAML lines, indented as shown). */
function spec(calendars: string, columns: string, rows = 20_000, seed = 1): string {
  return `
name: t
seed: ${seed}
as_of: 2025-06-30
calendars:
${calendars}
tables:
  t:
    rows: { count: ${rows} }
    columns:
      id: { type: integer, primary_key: true, sequence: {} }
${columns}
`;
}

async function rowsOf(yaml: string, table = 't'): Promise<Record<string, unknown>[]> {
  const run = await runSpec(yaml);
  try {
    return run.rows(table);
  } finally {
    run.close();
  }
}

const isoDays = (from: string, to: string): string[] => {
  const days: string[] = [];
  for (let ms = Date.parse(from); ms <= Date.parse(to); ms += DAY_MS) days.push(new Date(ms).toISOString().slice(0, 10));
  return days;
};

/** Public holidays of `code` per the library itself, as YYYY-MM-DD. */
function publicHolidays(years: number[], ...place: [string, string?]): Set<string> {
  const holidays = place[1] ? new Holidays(place[0], place[1]) : new Holidays(place[0]);
  return new Set(years.flatMap((y) => holidays.getHolidays(y).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10))));
}

const weekday = (iso: string): number => new Date(`${iso}T00:00:00Z`).getUTCDay();

const CLINIC = `  clinic: { holidays: US, closed: [sun] }`;

describe('calendars', () => {
  test('20k dates over two years: every open day is drawn, no holiday and no Sunday is', async () => {
    const rows = await rowsOf(spec(CLINIC, `      appointment_date: { type: date, date_between: { from: 2023-01-01, to: 2024-12-31, calendar: clinic } }`));
    const drawn = new Set(rows.map((r) => String(r.appointment_date)));
    const holidays = publicHolidays([2022, 2023, 2024, 2025], 'US');
    const open = isoDays('2023-01-01', '2024-12-31').filter((d) => weekday(d) !== 0 && !holidays.has(d));
    expect([...drawn].sort()).toEqual(open);
    for (const closed of ['2023-12-25', '2024-12-25', '2023-07-04', '2024-07-04']) expect(drawn.has(closed)).toBe(false);
    // Uniform over open days: ~32 draws each, none far off.
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(String(r.appointment_date), (counts.get(String(r.appointment_date)) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBeLessThan(70);
  });

  test('open: overrides a holiday and a closed weekday; dates: closes more days', async () => {
    const rows = await rowsOf(
      spec(
        `  clinic: { holidays: US, closed: [sun], open: [2024-12-25, 2024-12-29], dates: [2024-12-24, 2024-12-31] }`,
        `      day: { type: date, date_between: { from: 2024-12-20, to: 2024-12-31, calendar: clinic } }`,
        2_000,
      ),
    );
    const drawn = new Set(rows.map((r) => String(r.day)));
    // 12-22 is a Sunday, 12-24 and 12-31 are listed; 12-25 (Christmas) and 12-29 (a Sunday) are open anyway.
    expect([...drawn].sort()).toEqual(['2024-12-20', '2024-12-21', '2024-12-23', '2024-12-25', '2024-12-26', '2024-12-27', '2024-12-28', '2024-12-29', '2024-12-30']);
  });

  test('closed dates from a data set', async () => {
    const yaml = spec(`  shop: { closed: [sat, sun], dates: { data: closures, column: date } }`, `      day: { type: date, date_between: { from: 2024-03-04, to: 2024-03-08, calendar: shop } }`, 1_000).replace(
      'calendars:',
      'data:\n  closures: { rows: [{ date: 2024-03-05 }, { date: 2024-03-07 }] }\ncalendars:',
    );
    const drawn = new Set((await rowsOf(yaml)).map((r) => String(r.day)));
    expect([...drawn].sort()).toEqual(['2024-03-04', '2024-03-06', '2024-03-08']);
  });

  test("a state's calendar differs from its country's", async () => {
    const days = async (code: string) =>
      new Set((await rowsOf(spec(`  office: { holidays: ${code} }`, `      day: { type: date, date_between: { from: 2024-11-01, to: 2024-12-31, calendar: office } }`, 5_000))).map((r) => String(r.day)));
    const country = await days('US');
    const state = await days('US-CA');
    const stateOnly = [...publicHolidays([2024], 'US', 'CA')].filter((d) => d >= '2024-11-01' && d <= '2024-12-31' && !publicHolidays([2024], 'US').has(d));
    expect(stateOnly.length).toBeGreaterThan(0);
    for (const d of stateOnly) {
      expect(country.has(d)).toBe(true);
      expect(state.has(d)).toBe(false);
    }
  });

  test('the same seed gives the same dates; another seed other dates', async () => {
    const column = `      at: { type: datetime, date_between: { from: 2024-01-01, to: 2024-12-31, calendar: clinic } }`;
    const first = await rowsOf(spec(CLINIC, column, 2_000));
    expect(await rowsOf(spec(CLINIC, column, 2_000))).toEqual(first);
    expect(await rowsOf(spec(CLINIC, column, 2_000, 2))).not.toEqual(first);
  });

  test('date-times keep a drawn time of day on an open day', async () => {
    const rows = await rowsOf(spec(CLINIC, `      at: { type: datetime, date_between: { from: 2024-01-01 09:30, to: 2024-12-31 17:00, calendar: clinic } }`, 5_000));
    const holidays = publicHolidays([2024], 'US');
    const times = new Set<string>();
    for (const r of rows) {
      const text = String(r.at);
      expect(weekday(text.slice(0, 10))).not.toBe(0);
      expect(holidays.has(text.slice(0, 10))).toBe(false);
      expect(text >= '2024-01-01 09:30:00' && text <= '2024-12-31 17:00:00').toBe(true);
      times.add(text.slice(11));
    }
    expect(times.size).toBeGreaterThan(4_000);
  });

  test('date_within draws open days inside the window, NULL when it has none', async () => {
    const rows = await rowsOf(
      spec(
        `  clinic: { holidays: US, closed: [sat, sun] }`,
        `      start: { type: date, date_between: { from: 2024-06-01, to: 2024-12-01 } }
      visit: { type: date, date_within: { start: start, max_days: 10, calendar: clinic } }
      christmas: { type: date, date_within: { start: start, min_days: 0, max_days: 0, calendar: clinic } }`,
        5_000,
      ),
    );
    const holidays = publicHolidays([2024], 'US');
    for (const r of rows) {
      const visit = String(r.visit);
      expect([0, 6]).not.toContain(weekday(visit));
      expect(holidays.has(visit)).toBe(false);
      expect(visit >= String(r.start)).toBe(true);
      // A one-day window holds a value exactly when its day is open.
      const start = String(r.start);
      expect(r.christmas === null).toBe([0, 6].includes(weekday(start)) || holidays.has(start));
    }
  });

  test('date_offset: a closed result moves to the next open day; open_days counts business days', async () => {
    const rows = await rowsOf(
      spec(
        `  office: { holidays: US, closed: [sat, sun] }`,
        `      ordered: { type: datetime, constant: 2024-07-03 10:15:00 }
      plus_one_day: { type: datetime, date_offset: { from: ordered, offset: { constant: 1 }, calendar: office } }
      one_business_day: { type: date, date_offset: { from: ordered, offset: { constant: 1 }, unit: open_days, calendar: office } }
      three_business_days: { type: datetime, date_offset: { from: ordered, offset: { constant: 3 }, unit: open_days, calendar: office } }
      back_one: { type: date, date_offset: { from: ordered, offset: { constant: -1 }, unit: open_days, calendar: office } }
      capped: { type: date, date_offset: { from: ordered, offset: { constant: 1 }, not_after: 2024-07-04, calendar: office } }`,
        3,
      ),
    );
    // 2024-07-04 is Independence Day (a Thursday); 07-06/07 a weekend.
    expect(rows[0]).toMatchObject({
      plus_one_day: '2024-07-05 10:15:00',
      one_business_day: '2024-07-05',
      three_business_days: '2024-07-09 10:15:00',
      back_one: '2024-07-02',
      capped: '2024-07-03',
    });
  });

  test('open_days far across years agree with walking the days one by one', async () => {
    const rows = await rowsOf(
      spec(
        `  office: { holidays: US, closed: [sat, sun] }`,
        `      start: { type: date, constant: 2024-07-03 }
      back: { type: date, date_offset: { from: start, offset: { constant: -400 }, unit: open_days, calendar: office } }
      ahead: { type: date, date_offset: { from: start, offset: { constant: 700 }, unit: open_days, calendar: office } }`,
        1,
      ),
    );
    const holidays = publicHolidays([2021, 2022, 2023, 2024, 2025, 2026, 2027], 'US');
    const open = (ms: number) => ![0, 6].includes(new Date(ms).getUTCDay()) && !holidays.has(new Date(ms).toISOString().slice(0, 10));
    const walk = (steps: number, direction: number) => {
      let ms = Date.parse('2024-07-03');
      for (let left = steps; left > 0; ) if (open((ms += direction * DAY_MS))) left--;
      return new Date(ms).toISOString().slice(0, 10);
    };
    expect(rows[0]).toMatchObject({ back: walk(400, -1), ahead: walk(700, 1) });
  });

  test('a daily time_series has no period on a closed day', async () => {
    const yaml = spec(
      CLINIC,
      `      day: { type: date, from: period.start }`,
      1,
    ).replace('rows: { count: 1 }', "rows: { time_series: { period: day, from: '2024-12-01', to: '2024-12-31', base: 10, calendar: clinic } }");
    const days = (await rowsOf(yaml)).map((r) => String(r.day));
    expect(days).toEqual(isoDays('2024-12-01', '2024-12-31').filter((d) => weekday(d) !== 0 && d !== '2024-12-25'));
  });

  test('each_unit: weekday weights still shape the open days, closed days get none', async () => {
    const yaml = `
name: units
seed: 4
as_of: 2025-06-30
calendars:
  office: { holidays: US, closed: [sun] }
tables:
  plan:
    rows: { static: { rows: [{ period_start: 2024-11-01, period_end: 2024-12-31, units: 20000 }] } }
    columns:
      period_start: { type: date }
      period_end: { type: date }
      units: { type: integer }
  events:
    rows: { each_unit: { plan: plan, count: units, start: period_start, end: period_end, weekdays: { sat: 3 }, calendar: office } }
    columns:
      at: { type: date, from: unit.date }
`;
    const days = (await rowsOf(yaml, 'events')).map((r) => String(r.at));
    const holidays = publicHolidays([2024], 'US');
    expect(days.filter((d) => weekday(d) === 0 || holidays.has(d))).toEqual([]);
    // A Saturday weighs 3, a weekday 1: per day, Saturdays hold about three times as many.
    const perDay = (day: number) => days.filter((d) => weekday(d) === day).length / new Set(days.filter((d) => weekday(d) === day)).size;
    expect(perDay(6) / perDay(3)).toBeGreaterThan(2.5);
    expect(perDay(6) / perDay(3)).toBeLessThan(3.5);
  });
});

test("the guide's calendar example runs: no loan, due date or return on a closed day", async () => {
  const guide = readFileSync(join(ROOT, 'docs', 'guide.md'), 'utf8');
  const example = /## Calendars[^\n]*\n[\s\S]*?```yaml\n([\s\S]*?)```/.exec(guide)![1];
  const run = await runSpec(`name: guide\nseed: 1\nas_of: 2025-06-30\n${example}`);
  try {
    const holidays = publicHolidays([2024, 2025], 'US', 'NY');
    const closed = (day: string) => (weekday(day) === 0 || holidays.has(day) || ['2024-12-24', '2024-12-31'].includes(day)) && day !== '2024-11-11';
    const loans = run.rows('loans');
    expect(loans).toHaveLength(2000);
    for (const loan of loans) for (const value of [loan.loaned_on, loan.due_on, loan.returned_at]) expect([value, closed(String(value).slice(0, 10))]).toEqual([value, false]);
    expect(loans.some((loan) => loan.loaned_on === '2024-11-11')).toBe(true);
  } finally {
    run.close();
  }
});

describe('calendar validation', () => {
  const problemsOf = (calendars: string, columns: string): Problem[] => validateSpec(spec(calendars, columns, 10));
  const column = `      day: { type: date, date_between: { from: 2024-01-01, to: 2024-12-31, calendar: clinic } }`;
  const lineOf = (yaml: string, text: string) => yaml.split('\n').findIndex((line) => line.includes(text)) + 1;

  test('an unknown country is an error at its line, with a did-you-mean', () => {
    const problems = problemsOf(`  clinic:\n    holidays: USA\n    closed: [sun]`, column);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'SPEC_UNKNOWN_NAME', path: 'calendars.clinic.holidays', line: lineOf(spec(`  clinic:\n    holidays: USA\n    closed: [sun]`, column, 10), 'holidays: USA') });
    expect(problems[0].hint).toContain('"US"');
  });

  test('an unknown state, in a list, at its item', () => {
    const problems = problemsOf(`  clinic: { holidays: [US, US-XY] }`, column);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'SPEC_UNKNOWN_NAME', path: 'calendars.clinic.holidays[1]' });
    expect(problems[0].message).toContain('XY');
  });

  test('a misspelt weekday and a date that does not exist', () => {
    const problems = problemsOf(`  clinic: { closed: [sunday] }`, column);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'SPEC_SCHEMA', path: 'calendars.clinic.closed.0' });
    expect(problems[0].hint).toContain('sun');
    const yaml = spec(`  clinic:\n    dates: [2024-02-30]`, column, 10);
    const dates = validateSpec(yaml);
    expect(dates).toHaveLength(1);
    expect(dates[0]).toMatchObject({ code: 'SPEC_BAD_DATE', path: 'calendars.clinic.dates[0]', line: lineOf(yaml, '2024-02-30') });
  });

  test('every fault of every calendar is reported in one pass, each at its own path', () => {
    const yaml = spec(
      `  a: { holidays: [Germany, DE-BX], dates: [2024-02-30, 2024-13-01] }
  b: { dates: { data: closurs, column: day }, closed: [sun, mon, tue, wed, thu, fri, sat] }`,
      `      day: { type: date, date_between: { from: 2024-01-01, to: 2024-12-31, calendar: a } }`,
      10,
    ).replace('calendars:', 'data:\n  closures: { rows: [{ day: 2024-01-02 }] }\ncalendars:');
    const problems = validateSpec(yaml);
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['SPEC_UNKNOWN_NAME', 'calendars.a.holidays[0]'],
      ['SPEC_UNKNOWN_NAME', 'calendars.a.holidays[1]'],
      ['SPEC_BAD_DATE', 'calendars.a.dates[0]'],
      ['SPEC_BAD_DATE', 'calendars.a.dates[1]'],
      ['SPEC_UNKNOWN_DATA', 'calendars.b.dates.data'],
      ['SPEC_BAD_OPTION', 'calendars.b.closed'],
    ]);
    expect(problems[0].hint).toBe('did you mean "DE" (Germany)?');
  });

  test('an unknown calendar name is an error at the calendar option, with a did-you-mean', () => {
    const yaml = spec(CLINIC, `      day: { type: date, date_between: { from: 2024-01-01, to: 2024-12-31, calendar: clinc } }`, 10);
    const problems = validateSpec(yaml);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'SPEC_UNKNOWN_NAME', path: 'tables.t.columns.day.date_between.calendar', line: lineOf(yaml, 'calendar: clinc') });
    expect(problems[0].hint).toContain('did you mean "clinic"?');
  });

  test('open_days without a calendar, and a calendar on a monthly series, are refused', () => {
    const offset = problemsOf(CLINIC, `      a: { type: date, constant: 2024-01-01 }\n      b: { type: date, date_offset: { from: a, offset: { constant: 2 }, unit: open_days } }`);
    expect(offset[0]).toMatchObject({ code: 'SPEC_BAD_OPTION', path: 'tables.t.columns.b.date_offset.unit' });
    const monthly = validateSpec(
      spec(CLINIC, `      m: { type: date, from: period.start }`, 1).replace('rows: { count: 1 }', 'rows: { time_series: { period: month, periods: 12, base: 1, calendar: clinic } }'),
    );
    expect(monthly[0]).toMatchObject({ path: 'tables.t.rows.time_series.calendar' });
  });

  test('dates outside the years 100 to 9999 are refused: the holiday data misreads them', async () => {
    const problems = problemsOf(CLINIC, `      day: { type: date, date_between: { from: 0050-01-01, to: 0060-12-31, calendar: clinic } }`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'SPEC_BAD_DATE', path: 'tables.t.columns.day.date_between.calendar' });
    expect(problems[0].message).toContain('years 100 to 9999');
    const run = runSpec(spec(CLINIC, `      a: { type: date, constant: 9999-12-30 }\n      b: { type: date, date_offset: { from: a, offset: { constant: 5 }, unit: open_days, calendar: clinic } }`, 1));
    await expect(run).rejects.toThrow(/years 100 to 9999/);
  });

  test('a range spanning more years than calendar_years is refused at the calendar option', () => {
    const problems = problemsOf(CLINIC, `      day: { type: date, date_between: { from: 1500-01-01, to: 2024-12-31, calendar: clinic } }`);
    expect(problems[0]).toMatchObject({ code: 'SPEC_TOO_COSTLY', path: 'tables.t.columns.day.date_between.calendar' });
    expect(problems[0].hint).toContain('calendar_years');
  });
});
