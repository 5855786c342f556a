import type { ColumnDef, TableDef, Target } from '../../engine/targets/target';

/** Text that breaks naive CSV, COPY and SQL escaping; every target must give it back unchanged. */
export const AWKWARD_TEXTS = [
  'plain',
  '',
  'say "hi", then leave',
  'line one\nline two',
  'carriage\r\nreturn',
  'tab\tseparated',
  'back\\slash \\N \\t',
  '\\.',
  "it's",
  'NULL',
  '  padded  ',
  'unicode: é ü ñ 日本語 🚀 Ω',
  "mixed: \"q\", 'a', \\, \t, \n, ümlaut",
];

function column(name: string, type: ColumnDef['type'], extra: Partial<ColumnDef> = {}): ColumnDef {
  return { name, type, primaryKey: false, notNull: false, unique: false, index: false, ...extra };
}

export const customers: TableDef = {
  name: 'customers',
  columns: [
    column('id', 'integer', { primaryKey: true }),
    column('name', 'text', { unique: true, notNull: true }),
    column('note', 'text'),
    column('score', 'real'),
    column('active', 'boolean'),
    column('born', 'date'),
    column('seen', 'datetime'),
    column('segment', 'text', { index: true }),
  ],
  primaryKey: ['id'],
  indexes: [],
};

export const orders: TableDef = {
  name: 'orders',
  columns: [
    column('id', 'integer', { primaryKey: true }),
    column('customer_id', 'integer', { notNull: true, references: { table: 'customers', column: 'id' } }),
    column('amount', 'real'),
    column('placed', 'date', { format: 'DD/MM/YYYY' }),
  ],
  primaryKey: ['id'],
  indexes: [{ columns: ['customer_id', 'placed'], unique: false }],
};

/** One customer per awkward text, plus a row of NULLs wherever NULL is allowed. */
export function customerRows(): unknown[][] {
  const rows: unknown[][] = AWKWARD_TEXTS.map((text, i) => [i + 1, `name ${i} ${text}`, text, i * 1.25 - 3.5, i % 2, `2024-01-${String(i + 1).padStart(2, '0')}`, `2024-02-03 04:05:${String(i).padStart(2, '0')}`, i % 3 ? 'smb' : 'enterprise']);
  rows.push([AWKWARD_TEXTS.length + 1, 'nulls', null, null, null, null, null, null]);
  rows.push([AWKWARD_TEXTS.length + 2, 'extremes', 'x'.repeat(5000), 1e-300, 1, '1970-01-01', '2038-01-19 03:14:08', '']);
  return rows;
}

export function orderRows(count = 50): unknown[][] {
  return Array.from({ length: count }, (_, i) => [i + 1, (i % (AWKWARD_TEXTS.length + 2)) + 1, i * 10.5, `${String((i % 28) + 1).padStart(2, '0')}/03/2024`]);
}

/** Writes whole tables through the Target lifecycle, in batches of `batch` rows; leaves commit to the caller. */
export async function writeTables(target: Target, tables: [TableDef, unknown[][]][], batch = 7): Promise<void> {
  for (const [table, rows] of tables) {
    await target.createTable(table);
    for (let start = 0; start < rows.length; start += batch) {
      const chunk = rows.slice(start, start + batch);
      await target.writeRows(table, chunk.flat(), chunk.length);
    }
    await target.endTable(table);
  }
}

/** Writes the tables and commits, aborting on failure as the engine does. */
export async function writeAndCommit(target: Target, tables: [TableDef, unknown[][]][]): Promise<void> {
  await target.open();
  try {
    await writeTables(target, tables);
    await target.commit();
  } catch (err) {
    await target.abort();
    throw err;
  }
}
