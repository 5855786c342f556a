import { normaliseValue } from '../../engine/init/readers/normaliseValue';
import { sourceType, sqliteSourceType } from '../../engine/init/readers/sourceTypes';

describe('declared types as the spec language holds them', () => {
  it.each([
    ['NUMERIC(12,2)', { kind: 'decimal', precision: 12, scale: 2 }],
    ['decimal(10)', { kind: 'decimal', precision: 10, scale: 0 }],
    ['numeric', { kind: 'decimal' }],
    ['character varying(40)', { kind: 'varchar', length: 40 }],
    ['character varying', { kind: 'text' }],
    ['VARCHAR ( 8 )', { kind: 'varchar', length: 8 }],
    ['character(3)', { kind: 'char', length: 3 }],
    ['char(2)', { kind: 'char', length: 2 }],
    ['tinyint(1)', { kind: 'boolean' }],
    ['bit(1)', { kind: 'boolean' }],
    ['boolean', { kind: 'boolean' }],
    ['tinyint(4)', { kind: 'integer' }],
    ['int(11) unsigned', { kind: 'integer' }],
    ['bigint', { kind: 'integer' }],
    ['double precision', { kind: 'real' }],
    ['float', { kind: 'real' }],
    ['date', { kind: 'date' }],
    ['timestamp without time zone', { kind: 'datetime' }],
    ['timestamp(3) with time zone', { kind: 'datetime' }],
    ['datetime(6)', { kind: 'datetime' }],
    ['longtext', { kind: 'text' }],
    ["enum('a','b')", { kind: 'text' }],
    ['integer[]', { kind: 'unsupported' }],
    ['int4range', { kind: 'unsupported' }],
    ['time', { kind: 'unsupported' }],
    ['geometry', { kind: 'unsupported' }],
  ])('%s', (declared, expected) => {
    expect(sourceType(declared)).toEqual({ ...expected, declared });
  });

  it("follows SQLite's affinity rules where no name matches", () => {
    expect(sqliteSourceType('UNSIGNED BIG INT').kind).toBe('integer');
    expect(sqliteSourceType('NATIVE CHARACTER(70)').kind).toBe('text');
    expect(sqliteSourceType('DOUBLE FLOAT').kind).toBe('real');
    expect(sqliteSourceType('BLOB').kind).toBe('unsupported');
    expect(sqliteSourceType('').kind).toBe('unsupported');
  });
});

describe('values as the interface promises them', () => {
  const kind = (name: string) => sourceType(name);
  it('normalises each driver spelling', () => {
    expect(normaliseValue(kind('bigint'), '9007199254740993')).toBe(9007199254740992);
    expect(normaliseValue(kind('numeric(5,2)'), '12.50')).toBe(12.5);
    expect(normaliseValue(kind('boolean'), 1)).toBe(true);
    expect(normaliseValue(kind('boolean'), 0)).toBe(false);
    expect(normaliseValue(kind('bit(1)'), Buffer.from([1]))).toBe(true);
    expect(normaliseValue(kind('date'), '2024-02-29')).toBe('2024-02-29');
    expect(normaliseValue(kind('date'), 'infinity')).toBeNull();
    expect(normaliseValue(kind('date'), '0000-00-00')).toBeNull();
    expect(normaliseValue(kind('timestamp with time zone'), '2024-02-29 10:11:12.345+00')).toBe('2024-02-29 10:11:12');
    expect(normaliseValue(kind('datetime'), '2024-02-29')).toBe('2024-02-29 00:00:00');
    expect(normaliseValue(kind('text'), 42)).toBe('42');
    expect(normaliseValue(kind('geometry'), Buffer.from([0, 255]))).toBe('00ff');
    expect(normaliseValue(kind('json'), { a: 1 })).toBe('{"a":1}');
    expect(normaliseValue(kind('text'), null)).toBeNull();
  });
});
