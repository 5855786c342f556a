import type { Problem } from '../errors/problem';
import type { PositionIndex } from '../spec/positions';
import { INNODB_MAX_KEY_BYTES, INNODB_MAX_ROW_BYTES, MYSQL_MAX_COLUMNS, MYSQL_MAX_KEYS, MYSQL_MAX_ROW_BYTES, mysqlKeyBytes, mysqlRowBytes } from './mysql/mysqlTableLimits';
import { POSTGRES_MAX_COLUMNS, POSTGRES_MAX_KEY_COLUMNS, POSTGRES_MAX_ROW_BYTES, postgresRowBytes } from './postgres/postgresTableLimits';
import { derivedNames, type DerivedName } from './sql/derivedNames';
import type { ColumnDef, TableDef } from './target';

/** SQLite's SQLITE_MAX_COLUMN as built. */
const SQLITE_MAX_COLUMNS = 2000;

const COUNT = new Intl.NumberFormat('en-US');

interface Refusal {
  message: string;
  hint: string;
}

/**
 * Tables every target can create and fill, checked when the spec is validated: a spec runs
 * on every target, so the narrowest one sets each bound. Columns per table (MariaDB 1,017,
 * PostgreSQL 1,600, SQLite 2,000); the largest row (MariaDB counts it when the table is
 * created, PostgreSQL refuses it when it is written); keys and indexes per table, columns
 * and bytes per key; and the key and index names the SQL targets derive, which two tables
 * or keys may not share.
 */
export function tableLimitProblems(tables: TableDef[], positions: PositionIndex): Problem[] {
  const problems: Problem[] = [];
  const fail = (table: string, code: Problem['code'], { message, hint }: Refusal) =>
    problems.push({ code, message, path: `tables.${table}`, ...positions.find(['tables', table], true), hint });
  const owners = new Map<string, string>();
  // Tables that differ only in case are reported by the spec's name check (engine/spec/names.ts).
  for (const table of tables) if (!owners.has(table.name.toLowerCase())) owners.set(table.name.toLowerCase(), `table "${table.name}"`);
  for (const table of tables) {
    const keys = derivedNames(table);
    const refusal = widthRefusal(table) ?? keysRefusal(table, keys);
    if (refusal) fail(table.name, 'SPEC_SCHEMA', refusal);
    for (const key of keys) {
      const owner = `the ${key.kind} of table "${table.name}" on ${key.columns.join(', ')}`;
      const other = owners.get(key.name.toLowerCase());
      if (other === undefined) owners.set(key.name.toLowerCase(), owner);
      else fail(table.name, 'SPEC_BAD_NAME', { message: `${owner} is named "${key.name}", as is ${other}: a database schema holds each name once`, hint: 'rename one of the tables or columns these names are made of' });
    }
  }
  return problems;
}

/** Why the table is too wide for one of the targets, or undefined when it fits them all. */
function widthRefusal(table: TableDef): Refusal | undefined {
  const hint = 'split the table into two that share its key, or write fewer columns (write: false keeps a column readable but unwritten)';
  const columns = table.columns.length;
  if (columns > MYSQL_MAX_COLUMNS) {
    return { message: `table "${table.name}" has ${COUNT.format(columns)} columns; MariaDB takes at most ${COUNT.format(MYSQL_MAX_COLUMNS)} (PostgreSQL ${COUNT.format(POSTGRES_MAX_COLUMNS)}, SQLite ${COUNT.format(SQLITE_MAX_COLUMNS)}), and a spec runs on every target`, hint };
  }
  const maria = mysqlRowBytes(table);
  if (maria.innodb > INNODB_MAX_ROW_BYTES) {
    return { message: `a row of table "${table.name}" can take ${COUNT.format(maria.innodb)} bytes in a MariaDB (InnoDB) page, which holds at most ${COUNT.format(INNODB_MAX_ROW_BYTES)} (a text column up to 41)`, hint };
  }
  if (maria.server > MYSQL_MAX_ROW_BYTES) {
    return { message: `a row of table "${table.name}" can take ${COUNT.format(maria.server)} bytes by MariaDB's count (a text column that is a key, unique, referenced or indexed counts 1,022), over its ${COUNT.format(MYSQL_MAX_ROW_BYTES)}: MariaDB would refuse the table`, hint };
  }
  const postgres = postgresRowBytes(table);
  if (postgres > POSTGRES_MAX_ROW_BYTES) {
    return { message: `a row of table "${table.name}" can take ${COUNT.format(postgres)} bytes in PostgreSQL, which writes rows of at most ${COUNT.format(POSTGRES_MAX_ROW_BYTES)}`, hint };
  }
  return undefined;
}

/** Why the table's keys and indexes do not fit one of the targets, or undefined. */
function keysRefusal(table: TableDef, keys: DerivedName[]): Refusal | undefined {
  if (keys.length > MYSQL_MAX_KEYS) {
    return {
      message: `table "${table.name}" has ${keys.length} keys and indexes (its primary key, unique columns, foreign keys and indexes); MariaDB takes at most ${MYSQL_MAX_KEYS} in a table`,
      hint: 'index fewer columns, or split the table into two that share its key',
    };
  }
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  for (const key of keys) {
    const what = `the ${key.kind} of table "${table.name}" on ${key.columns.join(', ')}`;
    if (key.columns.length > POSTGRES_MAX_KEY_COLUMNS) {
      return { message: `${what} has ${key.columns.length} columns; PostgreSQL and MariaDB take at most ${POSTGRES_MAX_KEY_COLUMNS} in one`, hint: 'key or index fewer columns together' };
    }
    // Columns that are not written are reported elsewhere.
    const bytes = mysqlKeyBytes(table, key.columns.map((c) => byName.get(c)).filter((c): c is ColumnDef => c !== undefined));
    if (bytes > INNODB_MAX_KEY_BYTES) {
      return {
        message: `${what} takes up to ${COUNT.format(bytes)} bytes in MariaDB, which takes keys of at most ${COUNT.format(INNODB_MAX_KEY_BYTES)} (a text column in a key counts 1,020)`,
        hint: 'key or index fewer text columns together',
      };
    }
  }
  return undefined;
}
