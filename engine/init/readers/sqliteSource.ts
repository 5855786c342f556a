import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Limits } from '../../limits';
import type { SourceColumn, SourceDatabase, SourceForeignKey, SourceIndex, SourceTable, SourceType } from '../sourceDatabase';
import { sampledSource, type SourceDialect } from './sampledSource';
import { sourceUnreachable } from './sourceErrors';
import { sqliteSourceType } from './sourceTypes';

/** Rows a text column's shape is judged on (its first ones): SQLite stores dates as text, and only their values say they are dates. */
const SHAPE_ROWS = 10_000;

const DIGIT = '[0-9]';
const DATE_GLOB = `${DIGIT.repeat(4)}-${DIGIT.repeat(2)}-${DIGIT.repeat(2)}`;
const DATETIME_GLOB = `${DATE_GLOB}[ T]${DIGIT.repeat(2)}:${DIGIT.repeat(2)}:${DIGIT.repeat(2)}*`;

/**
 * A SQLite file read as a source: opened read-only (never created), its schema trusted with
 * nothing (no functions it names run), each value read at most `value_length` characters long.
 */
export async function openSqliteSource(path: string, limits: Limits): Promise<SourceDatabase> {
  if (!existsSync(path)) throw sourceUnreachable(`no file ${resolve(path)}`, 'give the path of an existing SQLite database file');
  if (statSync(path).isDirectory()) throw sourceUnreachable(`${path} is a folder, not a SQLite file`, 'give the path of a SQLite database file');
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    db.pragma('trusted_schema = OFF');
    db.pragma('query_only = ON');
    const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
    const dialect: SourceDialect = {
      quote,
      table: quote,
      read: (_column, ref) => `CASE WHEN typeof(${ref}) IN ('text', 'blob') THEN substr(${ref}, 1, ${limits.value_length}) ELSE ${ref} END`,
      sortable: (_column, ref) => ref,
    };
    const tables = readTables(db, quote);
    const schema = { dialect: 'sqlite' as const, displayName: path, tables };
    return sampledSource(schema, dialect, async (sql) => db.prepare(sql).raw(true).all() as unknown[][], async () => void db.close());
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code === 'SQLITE_NOTADB') throw sourceUnreachable(`${path} is not a SQLite database`, 'give the path of a SQLite database file');
    throw err;
  }
}

function readTables(db: Database.Database, quote: (name: string) => string): SourceTable[] {
  const names = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")
    .pluck()
    .all() as string[];
  const tables = names.map((name) => readTable(db, name, quote));
  return tables.map((table) => ({ ...table, foreignKeys: resolvedKeys(db, table, tables) }));
}

interface ColumnInfo {
  name: string;
  type: string;
  notnull: number;
  pk: number;
}

function readTable(db: Database.Database, name: string, quote: (name: string) => string): SourceTable {
  const info = db.prepare('SELECT name, type, "notnull", pk FROM pragma_table_info(?) ORDER BY cid').all(name) as ColumnInfo[];
  const indexes = readIndexes(db, name);
  const uniqueAlone = new Set(indexes.filter((index) => index.unique && index.columns.length === 1).map((index) => index.columns[0]));
  const types = shapedTypes(db, name, info, quote);
  const columns: SourceColumn[] = info.map((column, i) => ({
    name: column.name,
    type: types[i],
    // A primary key holds no NULL in the engine's terms, whatever SQLite's legacy rule lets an old file hold.
    notNull: column.notnull === 1 || column.pk > 0,
    unique: uniqueAlone.has(column.name) || (column.pk > 0 && info.filter((c) => c.pk > 0).length === 1),
  }));
  const primaryKey = info.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk).map((column) => column.name);
  const rowCount = Number(db.prepare(`SELECT COUNT(*) FROM ${quote(name)}`).pluck().get());
  return { name, columns, primaryKey, foreignKeys: [], indexes: indexes.map(({ columns, unique }) => ({ columns, unique })), rowCount };
}

/** Indexes other than the primary key's; those on expressions, and partial ones, say nothing about columns and are left out. */
function readIndexes(db: Database.Database, table: string): SourceIndex[] {
  const list = db.prepare('SELECT name, "unique", origin, partial FROM pragma_index_list(?) ORDER BY name').all(table) as { name: string; unique: number; origin: string; partial: number }[];
  const indexes: SourceIndex[] = [];
  for (const index of list.filter((entry) => entry.origin !== 'pk' && entry.partial === 0)) {
    const columns = db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck().all(index.name) as (string | null)[];
    if (columns.every((column) => column !== null)) indexes.push({ columns: columns as string[], unique: index.unique === 1 });
  }
  return indexes;
}

/**
 * Declared types, refined by the values where SQLite's declaration says little: a text column
 * whose values are all dates (datetimes) is a date (datetime), as the engine writes them; a
 * column with no declared type takes the one type all its values have.
 */
function shapedTypes(db: Database.Database, table: string, info: ColumnInfo[], quote: (name: string) => string): SourceType[] {
  const declared = info.map((column) => sqliteSourceType(column.type));
  const open = info.map((_, i) => i).filter((i) => declared[i].kind === 'text' || info[i].type.trim() === '');
  if (open.length === 0) return declared;
  const measures = open.flatMap((i) => [
    `COUNT(v${i})`,
    `SUM(v${i} GLOB '${DATE_GLOB}')`,
    `SUM(v${i} GLOB '${DATETIME_GLOB}')`,
    `SUM(typeof(v${i}) = 'integer')`,
    `SUM(typeof(v${i}) IN ('integer', 'real'))`,
    `SUM(typeof(v${i}) = 'text')`,
  ]);
  const inner = open.map((i) => `${quote(info[i].name)} AS v${i}`).join(', ');
  const counts = (db.prepare(`SELECT ${measures.join(', ')} FROM (SELECT ${inner} FROM ${quote(table)} LIMIT ${SHAPE_ROWS})`).raw(true).get() as (number | null)[]).map(Number);
  open.forEach((i, at) => {
    const [values, dates, datetimes, integers, numbers, texts] = counts.slice(at * 6, at * 6 + 6);
    if (values === 0) return;
    const text = declared[i];
    if (dates === values) declared[i] = { kind: 'date', declared: text.declared };
    else if (datetimes + dates === values) declared[i] = { kind: 'datetime', declared: text.declared };
    else if (text.kind !== 'unsupported') return;
    else if (integers === values) declared[i] = { kind: 'integer', declared: text.declared };
    else if (numbers === values) declared[i] = { kind: 'real', declared: text.declared };
    else if (texts === values) declared[i] = { kind: 'text', declared: text.declared };
  });
  return declared;
}

/** Foreign keys whose parent is a table of the file; a key naming no parent column refers to the parent's primary key. */
function resolvedKeys(db: Database.Database, table: SourceTable, tables: SourceTable[]): SourceForeignKey[] {
  const rows = db.prepare('SELECT id, "table" AS parent, "from", "to" FROM pragma_foreign_key_list(?) ORDER BY id, seq').all(table.name) as { id: number; parent: string; from: string; to: string | null }[];
  const keys: SourceForeignKey[] = [];
  for (const id of [...new Set(rows.map((row) => row.id))]) {
    const parts = rows.filter((row) => row.id === id);
    const parent = tables.find((candidate) => candidate.name.toLowerCase() === parts[0].parent.toLowerCase());
    if (!parent) continue;
    const referenced = parts.every((part) => part.to !== null) ? parts.map((part) => part.to!) : parent.primaryKey;
    if (referenced.length !== parts.length) continue;
    keys.push({ columns: parts.map((part) => part.from), table: parent.name, referencedColumns: referenced });
  }
  return keys;
}
