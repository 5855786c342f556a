import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { putNumber } from '../../engine/targets/text/byteWriter';
import { stringify } from 'csv-stringify/sync';
import { CSV_OPTIONS, csvText } from '../../engine/targets/text/csvText';
import { isoDateConverter } from '../../engine/targets/text/isoDateText';
import type { ColumnDef } from '../../engine/targets/target';

const written = (n: number) => {
  const buffer = Buffer.alloc(32);
  return buffer.toString('latin1', 0, putNumber(buffer, 0, n));
};

describe('number text', () => {
  it('reads back as exactly the same double', () => {
    fc.assert(fc.property(fc.double(), (n) => Object.is(Number(written(n)), n) || (n === 0 && Number(written(n)) === 0) || (Number.isNaN(n) && written(n) === 'NaN')), { numRuns: 20_000 });
    fc.assert(fc.property(fc.integer({ min: -1e7, max: 1e7 }), fc.integer({ min: 0, max: 6 }), (units, places) => Number(written(units / 10 ** places)) === units / 10 ** places), { numRuns: 20_000 });
    fc.assert(fc.property(fc.maxSafeInteger(), (n) => written(n) === String(n)));
  });

  it('writes plain decimals for money-like values and JavaScript text for the rest', () => {
    expect([0, -0, 7, -42, 1234.56, -3.5, 0.1, 0.000001, 999999999.999999, 2 ** 31, 1e-7, 1e21, Infinity].map(written)).toEqual([
      '0',
      '0',
      '7',
      '-42',
      '1234.56',
      '-3.5',
      '0.1',
      '0.000001',
      '999999999.999999',
      '2147483648',
      '1e-7',
      '1e+21',
      'Infinity',
    ]);
  });
});

describe('CSV rows', () => {
  it('are RFC 4180: any text reads back unchanged, NULL as an empty field, "" as an empty string', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.option(fc.string({ unit: 'binary' }), { nil: null }), fc.option(fc.double({ noNaN: true }), { nil: null })), { minLength: 1, maxLength: 20 }), (rows) => {
        const back = parse(csvText(rows.flat(), rows.length, 2), { cast: (value, context) => (value === '' && !context.quoting ? null : value), relax_column_count: false });
        expect(back).toEqual(rows.map(([text, n]) => [text, n === null ? null : String(n)]));
      }),
      { numRuns: 2_000 },
    );
  });

  it('are byte for byte what csv-stringify writes with the same options, for any mix of values', () => {
    const value = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('', '\\', '\\.', ',', '"', '\r', '\n', ' '), fc.double(), fc.integer(), fc.boolean(), fc.bigInt(), fc.constant(null), fc.constant(undefined));
    fc.assert(
      fc.property(fc.array(fc.array(value, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 20 }), (rows) => {
        expect(csvText(rows.flat(), rows.length, 3)).toBe(stringify(rows, CSV_OPTIONS));
      }),
      { numRuns: 2_000 },
    );
  });

  it("quote a leading backslash (PostgreSQL's end-of-data marker is a lone \\.) and rewrite dates through their converter", () => {
    const toIso = (text: string) => text.split('/').reverse().join('-');
    expect(csvText(['\\.', '', null, '31/12/2024', 'a "b", c'], 1, 5, [undefined, undefined, toIso, toIso])).toBe('"\\.","",,2024-12-31,"a ""b"", c"\n');
  });
});

describe('ISO dates', () => {
  const column = (type: ColumnDef['type'], format?: string): ColumnDef => ({ name: 'd', type, format, primaryKey: false, notNull: false, unique: false, index: false });

  it('leaves ISO text alone and reads other formats back by position', () => {
    expect(isoDateConverter(column('date'))).toBeUndefined();
    expect(isoDateConverter(column('datetime', 'YYYY-MM-DD HH:mm:ss'))).toBeUndefined();
    expect(isoDateConverter(column('text', 'DD/MM/YYYY'))).toBeUndefined();
    expect(isoDateConverter(column('date', 'DD/MM/YYYY'))!('31/12/2024')).toBe('2024-12-31');
    expect(isoDateConverter(column('date', 'YYYY-MM'))!('2024-07')).toBe('2024-07-01');
    expect(isoDateConverter(column('datetime', 'YYYY-MM-DD'))!('2024-07-09')).toBe('2024-07-09 00:00:00');
    expect(isoDateConverter(column('datetime', 'MM/DD/YYYY HH:mm'))!('07/09/2024 13:45')).toBe('2024-07-09 13:45:00');
  });
});
