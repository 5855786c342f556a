import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { UserError } from '../../engine/errors/problem';
import { openSqliteSource } from '../../engine/init/readers/sqliteSource';
import { resolveLimits } from '../../engine/limits';
import { expectFixtureRead, fixtureStatements } from './sourceFixture';

describe('SQLite source', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'hopify-init-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const build = (statements: string[]) => {
    const path = join(dir, 'source.db');
    const db = new Database(path);
    for (const statement of statements) db.exec(statement);
    db.close();
    return path;
  };

  it('reads tables, types, keys, indexes and deterministic spread samples, and writes nothing', async () => {
    const path = build(fixtureStatements('sqlite'));
    const before = readFileSync(path);
    const source = await openSqliteSource(path, resolveLimits());
    try {
      await expectFixtureRead(source, 'sqlite');
    } finally {
      await source.close();
    }
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('takes a text column of dates (datetimes) for dates (datetimes), and an untyped column for the one type its values have', async () => {
    const path = build([
      'CREATE TABLE events (id INTEGER PRIMARY KEY, day TEXT, at TEXT, label TEXT, loose, mixed)',
      "INSERT INTO events VALUES (1, '2024-01-05', '2024-01-05 10:00:00', '2024-01-05', 3, 1), (2, '2024-02-05', '2024-02-05T11:30:00.123', 'soon', 4, 'x'), (3, NULL, '2024-03-01', NULL, NULL, NULL)",
    ]);
    const source = await openSqliteSource(path, resolveLimits());
    try {
      const [events] = (await source.schema()).tables;
      expect(events.columns.map((c) => [c.name, c.type.kind])).toEqual([
        ['id', 'integer'],
        ['day', 'date'],
        ['at', 'datetime'],
        ['label', 'text'],
        ['loose', 'integer'],
        ['mixed', 'unsupported'],
      ]);
      expect((await source.sample('events', 10)).map((row) => row.at)).toEqual(['2024-01-05 10:00:00', '2024-02-05 11:30:00', '2024-03-01 00:00:00']);
    } finally {
      await source.close();
    }
  });

  it('cuts a long value to value_length characters', async () => {
    const path = build(['CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)', "INSERT INTO notes VALUES (1, printf('%.*c', 5000, 'x'))"]);
    const source = await openSqliteSource(path, { ...resolveLimits(), value_length: 100 });
    try {
      expect((await source.sample('notes', 1))[0].body).toBe('x'.repeat(100));
    } finally {
      await source.close();
    }
  });

  it('refuses a missing file without creating it, and a file that is no database', async () => {
    const missing = join(dir, 'nope.db');
    await expect(openSqliteSource(missing, resolveLimits())).rejects.toThrow(UserError);
    await expect(openSqliteSource(missing, resolveLimits())).rejects.toThrow(`SOURCE_UNREACHABLE: no file ${missing}`);
    expect(() => statSync(missing)).toThrow();
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not a database at all, just some words to fill a page of bytes'.repeat(20));
    await expect(openSqliteSource(text, resolveLimits())).rejects.toThrow(`SOURCE_UNREACHABLE: ${text} is not a SQLite database`);
  });
});
