import { chiSquare, columnProblems, DAY_MS, sampleColumn, writtenDateMs } from './columnSamples';

describe('date_between', () => {
  test('every day of the range, both ends included, equally likely (χ²)', async () => {
    const values = await sampleColumn('{ type: date, date_between: { from: 2024-01-01, to: 2024-12-31 } }', 36_600);
    const days = values.map((v) => (writtenDateMs(v) - Date.UTC(2024, 0, 1)) / DAY_MS);
    expect(Math.min(...days)).toBe(0);
    expect(Math.max(...days)).toBe(365);
    expect(new Set(days).size).toBe(366);
    const { statistic, limit } = chiSquare(days, () => 1 / 366, 0, 365);
    expect(statistic).toBeLessThan(limit);
  });

  test('relative to as_of', async () => {
    const values = await sampleColumn('{ type: date, date_between: { from: "-36 months", to: as_of } }', 5000);
    const times = values.map(writtenDateMs);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.UTC(2022, 5, 30));
    expect(Math.max(...times)).toBeLessThanOrEqual(Date.UTC(2025, 5, 30));
  });

  test('datetime columns get times of day in whole seconds; time: false gives midnights', async () => {
    const withTime = await sampleColumn('{ type: datetime, date_between: { from: 2024-01-01, to: 2024-01-31 } }', 2000);
    const seconds = withTime.map((v) => (writtenDateMs(v) % DAY_MS) / 1000);
    expect(new Set(seconds).size).toBeGreaterThan(1900);
    expect(seconds.every(Number.isInteger)).toBe(true);
    const midnights = await sampleColumn('{ type: datetime, date_between: { from: 2024-01-01, to: 2024-01-31, time: false } }', 2000);
    expect(midnights.every((v) => String(v).endsWith(' 00:00:00'))).toBe(true);
    expect(new Set(midnights).size).toBe(31);
  });

  test('from after to is refused', () => {
    expect(columnProblems('{ type: date, date_between: { from: 2025-01-01, to: 2024-01-01 } }')).toEqual([
      expect.objectContaining({ code: 'SPEC_BAD_OPTION', path: 'tables.t.columns.x.date_between.from' }),
    ]);
  });

  test('text that is not a date is refused where it is written', () => {
    expect(columnProblems('{ type: date, date_between: { from: yesterday, to: as_of } }')).toEqual([
      expect.objectContaining({ code: 'SPEC_BAD_DATE', path: 'tables.t.columns.x.date_between.from' }),
    ]);
  });
});
