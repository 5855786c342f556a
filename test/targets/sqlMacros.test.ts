import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../engine/report/database';
import { expandSqlMacros, SQL_MACROS } from '../../engine/sql/sqlMacros';
import { SQLITE_MACROS } from '../../engine/targets/sqlite/sqliteMacros';
import { describeWithServer, MYSQL, POSTGRES } from './servers';

/** Every macro, nested too, over ISO text as a bound `:as_of` or a stored column gives it. */
const EVERY_MACRO = `SELECT
  {{ date('2024-03-15 10:30:00') }} AS day,
  {{ month(:as_of) }} AS month,
  {{ month_start('2024-03-15 10:30:00') }} AS month_start,
  {{ add_months({{ month_start(:as_of) }}, -1) }} AS previous_month,
  {{ add_months('2024-11-01', 3) }} AS later,
  {{ days_between('2024-01-01', '2024-01-03 12:00:00') }} AS days`;

const EXPECTED = { day: '2024-03-15', month: '2025-06', month_start: '2024-03-01', previous_month: '2025-05-01', later: '2025-02-01', days: 2.5 };

describe('SQL macros', () => {
  it('expand innermost first, leaving the rest of the SQL as it is', () => {
    expect(expandSqlMacros("SELECT {{ month({{ month_start(x) }}) }} FROM t WHERE y = '{a}'", SQLITE_MACROS)).toBe(
      "SELECT substr((substr(x, 1, 7) || '-01'), 1, 7) FROM t WHERE y = '{a}'",
    );
  });

  it('split arguments at commas outside parentheses and quotes', () => {
    expect(expandSqlMacros("{{ days_between(coalesce(a, 'x,y'), max(b, c)) }}", SQLITE_MACROS)).toBe("(julianday(max(b, c)) - julianday(coalesce(a, 'x,y')))");
  });

  it('name an unknown macro with the closest one', () => {
    expect(() => expandSqlMacros('SELECT {{ months(x) }}', SQLITE_MACROS)).toThrow(expect.objectContaining({ problems: [expect.objectContaining({ code: 'SPEC_BAD_OPTION', hint: 'did you mean "month"?' })] }));
  });

  it('refuse a wrong number of arguments and unbalanced braces', () => {
    expect(() => expandSqlMacros('SELECT {{ add_months(x) }}', SQLITE_MACROS)).toThrow('takes 2 argument(s), got 1');
    expect(() => expandSqlMacros('SELECT {{ month(x) }', SQLITE_MACROS)).toThrow('unbalanced {{ … }}');
  });

  it('are all in the query the dialects are compared on', () => {
    for (const name of Object.keys(SQL_MACROS)) expect(EVERY_MACRO).toContain(`{{ ${name}(`);
  });

  it('run on SQLite', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'hopify-macros-'));
    // A database with no table, but a file SQLite wrote (a zero-byte file is no database to the reader).
    const empty = new Database(join(folder, 'empty.db'));
    empty.pragma('user_version = 1');
    empty.close();
    const db = await openDatabase(join(folder, 'empty.db'));
    try {
      expect(await db.query(EVERY_MACRO, { as_of: '2025-06-30' })).toEqual([EXPECTED]);
    } finally {
      await db.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

for (const server of [POSTGRES, MYSQL]) {
  describeWithServer(server, `SQL macros on ${server.name}`, (url) => {
    it('give what SQLite gives', async () => {
      const db = await openDatabase(url);
      try {
        expect(await db.query(EVERY_MACRO, { as_of: '2025-06-30' })).toEqual([EXPECTED]);
      } finally {
        await db.close();
      }
    });
  });
}
