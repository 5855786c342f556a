import type { Problem } from '../errors/problem';
import type { PositionIndex } from '../spec/positions';
import { INNODB_MAX_ROW_BYTES, MYSQL_MAX_COLUMNS, MYSQL_MAX_ROW_BYTES, mysqlRowBytes } from './mysql/mysqlRowBytes';
import { POSTGRES_MAX_COLUMNS, POSTGRES_MAX_ROW_BYTES, postgresRowBytes } from './postgres/postgresRowBytes';
import { derivedNames } from './sql/derivedNames';
import type { TableDef } from './target';

/** SQLite's SQLITE_MAX_COLUMN as built. */
const SQLITE_MAX_COLUMNS = 2000;

const COUNT = new Intl.NumberFormat('en-US');
const SPLIT_HINT = 'split the table into two that share its key, or write fewer columns (write: false keeps a column readable but unwritten)';

/**
 * Tables every target can create and fill, checked when the spec is validated: a spec runs
 * on every target, so the narrowest one sets the bound. Columns per table (MariaDB 1,017,
 * PostgreSQL 1,600, SQLite 2,000), the largest row (MariaDB counts it when the table is
 * created, PostgreSQL refuses it when it is written), and the key and index names the SQL
 * targets derive, which two tables or keys may not share.
 */
export function tableLimitProblems(tables: TableDef[], positions: PositionIndex): Problem[] {
  const problems: Problem[] = [];
  const fail = (table: string, code: Problem['code'], message: string, hint: string) =>
    problems.push({ code, message, path: `tables.${table}`, ...positions.find(['tables', table], true), hint });
  for (const table of tables) {
    const tooWide = widthProblem(table);
    if (tooWide) fail(table.name, 'SPEC_SCHEMA', tooWide, SPLIT_HINT);
  }
  const owners = new Map<string, string>();
  const claim = (name: string, owner: string, table: string) => {
    const other = owners.get(name.toLowerCase());
    if (other === undefined) owners.set(name.toLowerCase(), owner);
    else fail(table, 'SPEC_BAD_NAME', `${owner} is named "${name}", as is ${other}: a database schema holds each name once`, 'rename one of the tables or columns these names are made of');
  };
  // Tables that differ only in case are reported by the spec's name check (engine/spec/names.ts).
  for (const table of tables) if (!owners.has(table.name.toLowerCase())) owners.set(table.name.toLowerCase(), `table "${table.name}"`);
  for (const table of tables) {
    for (const derived of derivedNames(table)) claim(derived.name, `the ${derived.kind} of table "${table.name}" on ${derived.columns.join(', ')}`, table.name);
  }
  return problems;
}

/** Why the table is too wide for one of the targets, or undefined when it fits them all. */
function widthProblem(table: TableDef): string | undefined {
  const columns = table.columns.length;
  if (columns > MYSQL_MAX_COLUMNS) {
    return `table "${table.name}" has ${COUNT.format(columns)} columns; MariaDB takes at most ${COUNT.format(MYSQL_MAX_COLUMNS)} (PostgreSQL ${COUNT.format(POSTGRES_MAX_COLUMNS)}, SQLite ${COUNT.format(SQLITE_MAX_COLUMNS)}), and a spec runs on every target`;
  }
  const maria = mysqlRowBytes(table);
  if (maria.innodb > INNODB_MAX_ROW_BYTES) {
    return `a row of table "${table.name}" can take ${COUNT.format(maria.innodb)} bytes in a MariaDB (InnoDB) page, which holds at most ${COUNT.format(INNODB_MAX_ROW_BYTES)}: MariaDB would refuse the table`;
  }
  if (maria.server > MYSQL_MAX_ROW_BYTES) {
    return `a row of table "${table.name}" can take ${COUNT.format(maria.server)} bytes by MariaDB's count (a text column that is a key, unique, referenced or indexed counts 1,022), over its ${COUNT.format(MYSQL_MAX_ROW_BYTES)}: MariaDB would refuse the table`;
  }
  const postgres = postgresRowBytes(table);
  if (postgres > POSTGRES_MAX_ROW_BYTES) {
    return `a row of table "${table.name}" can take ${COUNT.format(postgres)} bytes in PostgreSQL, which writes rows of at most ${COUNT.format(POSTGRES_MAX_ROW_BYTES)}`;
  }
  return undefined;
}
