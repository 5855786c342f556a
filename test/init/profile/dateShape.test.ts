import { parse } from 'yaml';
import { validate } from '../../../engine/index';
import { initSpec } from '../../../engine/init/initSpec';
import { fitDateShape } from '../../../engine/init/profile/dateShape';
import { runSpec, writeSpec } from '../../helpers/runSpec';
import { draws, times } from './draws';
import { memorySource } from './memorySource';

const DAY = 86_400_000;
const START = Date.UTC(2022, 0, 1);
/** Days in 2022–2024. */
const DAYS = 1096;
const free = () => false;

/**
 * `count` dates over 2022–2024, each day drawn with a weight by its month and weekday (drawn by
 * rejection against the largest weight), as `YYYY-MM-DD` (`YYYY-MM-DD HH:MM:SS` with `withTime`).
 */
function dates(seed: string, count: number, weight: (month: number, weekday: number) => number, withTime = false): string[] {
  const d = draws(seed);
  let most = 0;
  for (let m = 0; m < 12; m++) for (let w = 0; w < 7; w++) most = Math.max(most, weight(m, w));
  const out: string[] = [];
  while (out.length < count) {
    const t = START + Math.floor(d.uniform(0, DAYS)) * DAY + (withTime ? Math.floor(d.uniform(0, 86_400)) * 1000 : 0);
    const date = new Date(t);
    if (d.random() * most < weight(date.getUTCMonth(), date.getUTCDay())) out.push(withTime ? date.toISOString().slice(0, 19).replace('T', ' ') : date.toISOString().slice(0, 10));
  }
  return out;
}

const even = () => 1;
const holidays = (month: number) => (month >= 10 ? 3 : 1);
const weekdaysOnly = (_: number, weekday: number) => (weekday === 0 || weekday === 6 ? 0.15 : 1);

/** Total variation between two samples' shares of a key. */
function distance(a: readonly string[], b: readonly string[], key: (value: string) => string): number {
  const shares = (values: readonly string[]) => {
    const counts = new Map<string, number>();
    for (const v of values) counts.set(key(v), (counts.get(key(v)) ?? 0) + 1 / values.length);
    return counts;
  };
  const [x, y] = [shares(a), shares(b)];
  let sum = 0;
  for (const k of new Set([...x.keys(), ...y.keys()])) sum += Math.abs((x.get(k) ?? 0) - (y.get(k) ?? 0));
  return sum / 2;
}
const monthOf = (v: string) => v.slice(0, 7);
const weekdayOf = (v: string) => String(new Date(`${v.slice(0, 10)}T00:00:00Z`).getUTCDay());

describe('fitDateShape', () => {
  test.each(['a', 'b', 'c', 'd', 'e'])('finds no shape in evenly spread dates (seed %s), of 500 or 50,000', (seed) => {
    expect(fitDateShape('day', dates(seed, 500, even), false, free)).toBeUndefined();
    expect(fitDateShape('day', dates(seed, 50_000, even), false, free)).toBeUndefined();
    expect(fitDateShape('at', dates(seed, 5000, even, true), true, free)).toBeUndefined();
  });

  test('a busy season becomes a hidden month weighted as seen, one date range per month', () => {
    const shape = fitDateShape('ordered_on', dates('season', 5000, holidays), false, free)!;
    expect(shape.hidden.map((c) => c.name)).toEqual(['ordered_on_month']);
    const month = shape.hidden[0].spec as { write: boolean; choice: { values: string[]; weights: number[] } };
    expect(month.write).toBe(false);
    expect(month.choice.values).toHaveLength(36);
    expect(month.choice.values[0]).toBe('2022-01');
    const weight = (label: string) => month.choice.weights[month.choice.values.indexOf(label)];
    expect(weight('2023-12') / weight('2023-06')).toBeGreaterThan(2);
    const { by, cases } = shape.generator as { by: string; cases: Record<string, { date_between: { from: string; to: string } }> };
    expect(by).toBe('ordered_on_month');
    expect(cases['2024-02'].date_between).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(shape.description).toMatch(/^months differ from even \(chi-square p < 10⁻⁶, total variation 0\.\d+\): busiest (Nov|Dec) .*on 5,000 values$/);
  });

  test('quiet weekends become a hidden weekday weighted as seen, the date moved to it', () => {
    const shape = fitDateShape('ordered_on', dates('weekdays', 5000, weekdaysOnly), false, free)!;
    expect(shape.hidden.map((c) => c.name)).toEqual(['ordered_on_month', 'ordered_on_weekday', 'ordered_on_day', 'ordered_on_last']);
    expect(shape.description).toMatch(/^weekdays differ from even .*: Sun \d\.\d%, Mon/);
    expect(shape.generator).toEqual({ expr: expect.stringContaining('weekday(ordered_on_day)') });
  });

  test('names the table already uses leave the dates even', () => {
    expect(fitDateShape('ordered_on', dates('season', 5000, holidays), false, (name) => name === 'ordered_on_month')).toBeUndefined();
  });
});

describe('initSpec: dates that follow the calendar', () => {
  const shaped = dates('both', 8000, (m, w) => holidays(m) * weekdaysOnly(m, w));
  const plain = dates('plain', 8000, even);
  const stamped = dates('stamped', 8000, (m, w) => weekdaysOnly(m, w), true);
  const rows = shaped.map((ordered_on, i) => ({ id: i + 1, ordered_on, created: plain[i], stamped_at: stamped[i] }));

  test('keep their month and weekday shares in the copy, inside the range seen; even dates stay date_between', async () => {
    const { yaml } = await initSpec(
      memorySource([
        {
          name: 'events',
          columns: [
            { name: 'id', type: 'integer', notNull: true },
            { name: 'ordered_on', type: 'date', notNull: true },
            { name: 'created', type: 'date', notNull: true },
            { name: 'stamped_at', type: 'datetime', notNull: true },
          ],
          primaryKey: ['id'],
          rows,
        },
      ]),
      { sample: 10_000, keepValues: [] },
    );
    expect(validate(writeSpec(yaml))).toEqual([]);
    const spec = parse(yaml);
    expect(spec.as_of).toBe('2024-12-31');
    expect(Object.keys(spec.tables.events.columns.created)).toContain('date_between');
    expect(yaml).toMatch(/# months differ from even .*; weekdays differ from even .*\n\s+ordered_on:/);
    const generated = await runSpec(yaml);
    try {
      const column = (name: string) => generated.db.prepare(`SELECT ${name} AS v FROM events`).pluck().all() as string[];
      const copy = column('ordered_on');
      expect(copy).toHaveLength(rows.length);
      expect([...copy].sort()[0] >= [...shaped].sort()[0]).toBe(true);
      expect([...copy].sort().pop()! <= [...shaped].sort().pop()!).toBe(true);
      expect(distance(copy, shaped, monthOf)).toBeLessThan(0.04);
      expect(distance(copy, shaped, weekdayOf)).toBeLessThan(0.02);
      const copiedStamps = column('stamped_at');
      expect(copiedStamps[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      expect(distance(copiedStamps, stamped, weekdayOf)).toBeLessThan(0.02);
      expect([...copiedStamps].sort().pop()! <= [...stamped].sort().pop()!).toBe(true);
      // The hidden columns are not written.
      expect((generated.db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('events') as string[]).sort()).toEqual(['created', 'id', 'ordered_on', 'stamped_at']);
    } finally {
      generated.close();
    }
  });
});
