import type { SourceDatabase } from '../../engine/init/sourceDatabase';

/** A database built the same way on each dialect, to read back through its SourceDatabase. */
export type FixtureDialect = 'sqlite' | 'postgres' | 'mysql';

/** A table whose name needs quoting everywhere: a quote, a space, a backtick and a non-ASCII letter. */
export const ODD_TABLE = 'odd "name" `é';
export const STORES = 1_000;

const UNSUPPORTED: Record<FixtureDialect, string> = { sqlite: 'BLOB', postgres: 'jsonb', mysql: 'TIME' };
const UNSUPPORTED_VALUE: Record<FixtureDialect, string> = { sqlite: "x'00ff'", postgres: `'{"a": 1}'`, mysql: "'10:30:00'" };
const REAL: Record<FixtureDialect, string> = { sqlite: 'REAL', postgres: 'double precision', mysql: 'DOUBLE' };

/** The statements that build the fixture, one by one. */
export function fixtureStatements(dialect: FixtureDialect): string[] {
  const q = (name: string) => (dialect === 'mysql' ? `\`${name.replace(/`/g, '``')}\`` : `"${name.replace(/"/g, '""')}"`);
  const stores = Array.from({ length: STORES }, (_, i) => {
    const id = i + 1;
    const region = REGIONS[id % REGIONS.length];
    const day = String((id % 28) + 1).padStart(2, '0');
    const email = id % 10 === 0 ? 'NULL' : `'store${id}@example.com'`;
    return `(${id}, '${region[0]}', '${region[1]}', ${email}, '2024-03-${day}', ${id % 3 === 0 ? 'TRUE' : 'FALSE'}, ${(id * 12.5).toFixed(2)}, ${id / 8}, '2024-03-${day} 10:${String(id % 60).padStart(2, '0')}:05', ${id % 7 === 0 ? 'NULL' : `'note ${id}'`}, ${UNSUPPORTED_VALUE[dialect]})`;
  });
  return [
    `CREATE TABLE ${q(ODD_TABLE)} (${q('key col')} INTEGER PRIMARY KEY, ${q('größe')} VARCHAR(20))`,
    `INSERT INTO ${q(ODD_TABLE)} VALUES (1, 'klein'), (2, 'groß'), (3, NULL)`,
    `CREATE TABLE regions (country CHAR(2) NOT NULL, code VARCHAR(10) NOT NULL, name VARCHAR(40) NOT NULL, PRIMARY KEY (country, code))`,
    `INSERT INTO regions VALUES ${REGIONS.map(([country, code]) => `('${country}', '${code}', 'Region ${code}')`).join(', ')}`,
    `CREATE TABLE stores (
      store_id INTEGER PRIMARY KEY, country CHAR(2) NOT NULL, region_code VARCHAR(10) NOT NULL, email VARCHAR(80) UNIQUE,
      opened DATE, ${q('open')} BOOLEAN, revenue DECIMAL(12,2), ratio ${REAL[dialect]}, updated_at TIMESTAMP NULL, notes TEXT, shape ${UNSUPPORTED[dialect]},
      FOREIGN KEY (country, region_code) REFERENCES regions (country, code))`,
    `CREATE INDEX stores_opened ON stores (opened, ${q('open')})`,
    `INSERT INTO stores VALUES ${stores.join(', ')}`,
  ];
}

const REGIONS: Array<[string, string]> = [
  ['DE', 'BE'],
  ['DE', 'BY'],
  ['FR', 'IDF'],
  ['FR', 'OCC'],
  ['NL', 'NH'],
  ['NL', 'ZH'],
];

/** What every dialect's reader must say of the fixture. */
export async function expectFixtureRead(source: SourceDatabase, dialect: FixtureDialect): Promise<void> {
  const schema = await source.schema();
  expect(schema.dialect).toBe(dialect);
  expect(schema.tables.map((table) => table.name).sort()).toEqual([ODD_TABLE, 'regions', 'stores'].sort());
  const table = (name: string) => schema.tables.find((t) => t.name === name)!;

  const odd = table(ODD_TABLE);
  expect(odd.columns.map((c) => c.name)).toEqual(['key col', 'größe']);
  expect(odd.primaryKey).toEqual(['key col']);
  expect(odd.rowCount).toBe(3);
  expect(await source.sample(ODD_TABLE, 10)).toEqual([
    { 'key col': 1, größe: 'klein' },
    { 'key col': 2, größe: 'groß' },
    { 'key col': 3, größe: null },
  ]);

  const regions = table('regions');
  expect(regions.primaryKey).toEqual(['country', 'code']);
  expect(regions.columns.map((c) => [c.name, c.type.kind, c.type.length, c.notNull])).toEqual([
    ['country', 'char', 2, true],
    ['code', 'varchar', 10, true],
    ['name', 'varchar', 40, true],
  ]);

  const stores = table('stores');
  expect(stores.rowCount).toBe(STORES);
  expect(stores.primaryKey).toEqual(['store_id']);
  expect(stores.foreignKeys).toEqual([{ columns: ['country', 'region_code'], table: 'regions', referencedColumns: ['country', 'code'] }]);
  const kinds = Object.fromEntries(stores.columns.map((c) => [c.name, c.type.kind]));
  expect(kinds).toEqual({
    store_id: 'integer',
    country: 'char',
    region_code: 'varchar',
    email: 'varchar',
    opened: 'date',
    open: 'boolean',
    revenue: 'decimal',
    ratio: 'real',
    updated_at: 'datetime',
    notes: 'text',
    shape: 'unsupported',
  });
  const column = (name: string) => stores.columns.find((c) => c.name === name)!;
  expect(column('revenue').type).toMatchObject({ precision: 12, scale: 2 });
  expect(column('shape').type.declared.toLowerCase()).toBe(UNSUPPORTED[dialect].toLowerCase());
  expect(column('email').unique).toBe(true);
  expect(column('store_id').unique).toBe(true);
  expect(column('country').unique).toBe(false);
  expect(column('store_id').notNull).toBe(true);
  expect(column('email').notNull).toBe(false);
  expect(stores.indexes).toEqual(expect.arrayContaining([{ columns: ['opened', 'open'], unique: false }, { columns: ['email'], unique: true }]));

  // Every 10th row, from the first to near the last: spread over the table, and the same each time.
  const sample = await source.sample('stores', 100);
  expect(sample).toHaveLength(100);
  expect(sample.map((row) => row.store_id)).toEqual(Array.from({ length: 100 }, (_, i) => i * 10 + 1));
  expect(await source.sample('stores', 100)).toEqual(sample);
  expect(await source.sample('stores', 333)).toHaveLength(250);
  expect(sample[1]).toEqual({
    store_id: 11,
    country: 'NL',
    region_code: 'ZH',
    email: 'store11@example.com',
    opened: '2024-03-12',
    open: false,
    revenue: 137.5,
    ratio: 1.375,
    updated_at: '2024-03-12 10:11:05',
    notes: 'note 11',
    shape: expect.any(String),
  });
  expect(sample.filter((row) => row.open === true).length).toBeGreaterThan(0);
  expect((await source.sample('stores', STORES)).filter((row) => row.email === null)).toHaveLength(STORES / 10);

  // Each parent row comes whole, with its own children's count: what a fan-out by a parent's category needs.
  const fanOut = await source.childCounts('stores', stores.foreignKeys[0], 100);
  expect(fanOut).toHaveLength(6);
  expect(fanOut.reduce((sum, p) => sum + p.count, 0)).toBe(STORES);
  const stored = await source.sample('stores', STORES);
  for (const { parent, count } of fanOut) {
    expect(parent.name).toBe(`Region ${parent.code}`);
    expect(count).toBe(stored.filter((row) => row.country === parent.country && row.region_code === parent.code).length);
  }
  const spread = await source.childCounts('stores', stores.foreignKeys[0], 3);
  expect(spread).toHaveLength(3);
  expect(spread.map((p) => p.parent)).toEqual([fanOut[0].parent, fanOut[2].parent, fanOut[4].parent]);

  const joined = await source.sampleWithParent('stores', stores.foreignKeys[0], 50);
  expect(joined).toHaveLength(50);
  for (const { row, parent } of joined) {
    expect([parent.country, parent.code]).toEqual([row.country, row.region_code]);
    expect(parent.name).toBe(`Region ${row.region_code}`);
  }
  expect(joined.map(({ row }) => row.store_id)).toEqual(Array.from({ length: 50 }, (_, i) => i * 20 + 1));
}
