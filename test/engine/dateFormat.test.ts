/** Date formatting (cached per day and per second of the day) and parsing, against the Date object's own fields. */
import fc from 'fast-check';
import { compileDateFormat, parseAbsoluteDate } from '../../engine/time/dates';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
/** The format written out from Date's UTC fields, one token at a time. */
function reference(format: string, ms: number): string {
  const d = new Date(ms);
  const fields: Record<string, string> = {
    YYYY: pad(d.getUTCFullYear(), 4),
    MM: pad(d.getUTCMonth() + 1),
    DD: pad(d.getUTCDate()),
    HH: pad(d.getUTCHours()),
    mm: pad(d.getUTCMinutes()),
    ss: pad(d.getUTCSeconds()),
  };
  return format.replace(/YYYY|MM|DD|HH|mm|ss/g, (token) => fields[token]);
}

const FORMATS = ['YYYY-MM-DD HH:mm:ss', 'YYYY-MM-DD', 'DD/MM/YYYY', 'YYYY-MM', 'HH:mm DD.MM.YYYY', 'MM/DD/YYYY HH:mm', 'ss:DD:mm:YYYY', '[YYYY] at HH', 'no tokens'];

test.each(FORMATS)('%s matches the calendar, whatever order the values come in', (format) => {
  const formatted = compileDateFormat(format);
  fc.assert(
    fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }), (ms) => formatted(ms) === reference(format, ms)),
    { numRuns: 5000, seed: 1 },
  );
});

test('day boundaries, leap days and fractions of a second', () => {
  const formatted = compileDateFormat('YYYY-MM-DD HH:mm:ss');
  expect(formatted(Date.UTC(2024, 1, 29, 23, 59, 59, 999))).toBe('2024-02-29 23:59:59');
  expect(formatted(Date.UTC(2024, 2, 1))).toBe('2024-03-01 00:00:00');
  expect(formatted(-1)).toBe('1969-12-31 23:59:59');
  expect(formatted(Date.UTC(2000, 0, 1, 12) + 0.5)).toBe('2000-01-01 12:00:00');
});

describe('parseAbsoluteDate', () => {
  test('reads back every formatted date and datetime', () => {
    const datetime = compileDateFormat('YYYY-MM-DD HH:mm:ss');
    const date = compileDateFormat('YYYY-MM-DD');
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }), (ms) => {
        const second = Math.floor(ms / 1000) * 1000;
        return parseAbsoluteDate(datetime(ms)) === second && parseAbsoluteDate(date(ms)) === Math.floor(ms / 86_400_000) * 86_400_000;
      }),
      { numRuns: 5000, seed: 2 },
    );
  });

  test.each([
    ['2024-02-29', Date.UTC(2024, 1, 29)],
    ['2024-02-29T10:11:12', Date.UTC(2024, 1, 29, 10, 11, 12)],
    [' 2024-01-02 ', Date.UTC(2024, 0, 2)],
    ['2024-01-02 03:04', Date.UTC(2024, 0, 2, 3, 4)],
    ['2023-02-29', undefined],
    ['2024-13-01', undefined],
    ['2024-1-01', undefined],
    ['2024-01-0x', undefined],
    ['2024/01/02', undefined],
  ])('%s', (text, expected) => expect(parseAbsoluteDate(text)).toBe(expected));
});
