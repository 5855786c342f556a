/**
 * The layer under validation on SQLite: spec SQL that got past the analysis anyway (it is
 * bypassed here) is judged by SQLite itself, one statement that returns rows and writes
 * nothing, and runs where a time limit or a signal stops it. The file system and the database
 * show that nothing was written, attached or changed.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { UserError } from '../../engine/errors/problem';
import { resolveLimits } from '../../engine/limits';
import { openDatabase, type DatabaseReader } from '../../engine/report/database';
import { resolveTarget } from '../../engine/targets/resolveTarget';
import type { QueryBounds } from '../../engine/targets/sql/queryBounds';
import { customerRows, customers, writeTables } from '../targets/tables';

// The analysis is bypassed: whatever SQL the test gives reaches SQLite as it is.
jest.mock('../../engine/sql/gateSpecSql', () => ({ gateSpecSql: (sql: string) => sql }));

const oneSecond: QueryBounds = { limits: resolveLimits({ query_seconds: 1 }) };
const ENDLESS = 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) AS c FROM n';

async function refusal(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt;
  } catch (err) {
    if (err instanceof UserError) return err.problems[0].code;
    return `database: ${(err as Error).message}`;
  }
  throw new Error('the attack ran');
}

describe('spec SQL on SQLite, under validation', () => {
  let dir: string;
  let file: string;
  let reader: DatabaseReader;
  const count = () => {
    const db = new Database(file, { readonly: true });
    const { n } = db.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number };
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    db.close();
    return { n, tables };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hopify-sqlite-sandbox-'));
    file = join(dir, 'data.db');
    const db = new Database(file);
    db.exec('CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1), (2), (3)');
    db.close();
    reader = await openDatabase(file, { limits: { query_seconds: 1 } });
  });
  afterAll(async () => {
    await reader.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses what is not one statement returning rows and writing nothing: no file is written or attached, no row changes', async () => {
    const vacuumed = join(dir, 'vacuumed.db');
    const attached = join(dir, 'attached.db');
    for (const attack of [
      `VACUUM INTO '${vacuumed}'`,
      `ATTACH '${attached}' AS elsewhere`,
      'DELETE FROM t',
      'DELETE FROM t RETURNING a',
      'INSERT INTO t VALUES (4) RETURNING a',
      'CREATE TABLE made (x)',
      'SELECT a FROM t; DELETE FROM t',
      'PRAGMA writable_schema = 1',
      'BEGIN',
      'COMMIT',
    ]) {
      expect([attack, await refusal(reader.query(attack))]).toEqual([attack, 'SPEC_UNSAFE_SQL']);
    }
    expect(await refusal(reader.query("SELECT load_extension('/tmp/evil.so') AS x"))).toBe('database: not authorized');
    expect(existsSync(vacuumed)).toBe(false);
    expect(existsSync(attached)).toBe(false);
    expect(count()).toEqual({ n: 3, tables: ['t'] });
    expect(await reader.query('SELECT COUNT(*) AS n FROM t')).toEqual([{ n: 3 }]);
  });

  it('stops a query at query_seconds with RUN_QUERY_TIMEOUT, and cancels one when the signal fires', async () => {
    expect(await refusal(reader.query(ENDLESS))).toBe('RUN_QUERY_TIMEOUT');
    const controller = new AbortController();
    const patient = await openDatabase(file, { signal: controller.signal });
    try {
      const query = refusal(patient.query(ENDLESS));
      setTimeout(() => controller.abort(), 200);
      expect(await query).toBe('RUN_INTERRUPTED');
      // The connection is usable again: the interrupt stopped that query only.
      expect(await refusal(patient.query(ENDLESS))).toBe('RUN_INTERRUPTED');
    } finally {
      await patient.close();
    }
  });

  it('keeps a run writing: refused and stopped queries change nothing, and the run commits its tables', async () => {
    const out = join(dir, 'run.db');
    const target = resolveTarget(out);
    await target.open();
    try {
      await writeTables(target, [[customers, customerRows()]]);
      for (const attack of ['COMMIT', 'BEGIN', `ATTACH '${join(dir, 'run-attached.db')}' AS elsewhere`, 'DROP TABLE customers']) {
        expect([attack, await refusal(target.query(attack, oneSecond))]).toEqual([attack, 'SPEC_UNSAFE_SQL']);
      }
      expect(await refusal(target.query(ENDLESS, oneSecond))).toBe('RUN_QUERY_TIMEOUT');
      expect(await target.query('SELECT COUNT(*) AS n FROM customers', oneSecond)).toEqual([{ n: customerRows().length }]);
      await writeTables(target, [[{ ...customers, name: 'more_customers' }, customerRows()]]);
      await target.commit();
    } catch (err) {
      await target.abort();
      throw err;
    }
    const db = new Database(out, { readonly: true });
    expect((db.prepare('SELECT COUNT(*) AS n FROM more_customers').get() as { n: number }).n).toBe(customerRows().length);
    db.close();
    expect(readdirSync(dir).sort()).toEqual(['data.db', 'run.db']);
  });
});
