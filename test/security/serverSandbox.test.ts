/**
 * The layer under validation: spec SQL that got past the analysis anyway (it is bypassed
 * here) still runs as one read-only, time-limited query on the dataset's own schema, on the
 * readers (check, report) and on the targets during a run. Each attack fails, and the server
 * and the file system show that nothing was written, created, dropped, read or left running.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { UserError } from '../../engine/errors/problem';
import { resolveLimits } from '../../engine/limits';
import { openMysqlReader } from '../../engine/targets/mysql/mysqlReader';
import { openPostgresReader } from '../../engine/targets/postgres/postgresReader';
import { resolveTarget } from '../../engine/targets/resolveTarget';
import type { DatabaseReader } from '../../engine/targets/sql/databaseReader';
import type { QueryBounds } from '../../engine/targets/sql/queryBounds';
import type { Target } from '../../engine/targets/target';
import { describeWithServer, MYSQL, POSTGRES } from '../targets/servers';
import { customerRows, customers, writeTables } from '../targets/tables';

// The analysis is bypassed: whatever SQL the test gives reaches the database as it is.
jest.mock('../../engine/sql/gateSpecSql', () => ({ gateSpecSql: (sql: string) => sql }));

const suffix = () => randomBytes(4).toString('hex');
const oneSecond: QueryBounds = { limits: resolveLimits({ query_seconds: 1 }) };

/** The problem code the attack failed with, or the database's own error code. */
async function refusal(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt;
  } catch (err) {
    if (err instanceof UserError) return err.problems[0].code;
    return `database: ${(err as { code?: string }).code ?? (err as Error).message}`;
  }
  throw new Error('the attack ran');
}

/** A file a server would write, in a fresh name under the shared temporary folder. */
function serverFile(): string {
  const path = join(tmpdir(), `hopify-sandbox-${suffix()}`);
  rmSync(path, { force: true });
  return path;
}

describeWithServer(POSTGRES, 'spec SQL on PostgreSQL, under validation', (url) => {
  const dataset = `sandbox_${suffix()}`;
  const other = `sandbox_other_${suffix()}`;
  let admin: pg.Client;
  let reader: DatabaseReader;
  const exists = async (qualified: string) => (await admin.query('SELECT to_regclass($1) AS found', [qualified])).rows[0].found !== null;
  const count = async (qualified: string) => Number((await admin.query(`SELECT COUNT(*) AS n FROM ${qualified}`)).rows[0].n);

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${dataset}; CREATE TABLE ${dataset}.t (a int); INSERT INTO ${dataset}.t VALUES (1), (2), (3)`);
    await admin.query(`CREATE SCHEMA ${other}; CREATE TABLE ${other}.secret (x text); INSERT INTO ${other}.secret VALUES ('hidden')`);
    reader = await openPostgresReader(url, { schema: dataset, bounds: oneSecond });
  });
  afterAll(async () => {
    await reader.close();
    await admin.query(`DROP SCHEMA IF EXISTS ${dataset} CASCADE; DROP SCHEMA IF EXISTS ${other} CASCADE`);
    await admin.end();
  });

  it('refuses a second statement: the server parses one, and the second did not run', async () => {
    expect(await refusal(reader.query(`SELECT 1 AS a; DROP TABLE ${other}.secret`))).toBe('SPEC_UNSAFE_SQL');
    expect(await refusal(reader.query(`SELECT 1 WHERE false; COMMIT; CREATE TABLE ${dataset}.made (x int)`))).toBe('SPEC_UNSAFE_SQL');
    expect(await exists(`${other}.secret`)).toBe(true);
    expect(await exists(`${dataset}.made`)).toBe(false);
  });

  it('refuses COMMIT, COPY to a file or a program, DDL, writes and SELECT INTO: nothing is written', async () => {
    const copied = serverFile();
    const programmed = serverFile();
    const outcomes = {
      COMMIT: 'SPEC_UNSAFE_SQL',
      [`COPY (SELECT 1) TO '${copied}'`]: 'SPEC_UNSAFE_SQL',
      [`COPY (SELECT 1) TO PROGRAM 'touch ${programmed}'`]: 'SPEC_UNSAFE_SQL',
      'CREATE TABLE made (x int)': 'SPEC_UNSAFE_SQL',
      'DROP TABLE t': 'SPEC_UNSAFE_SQL',
      'INSERT INTO t VALUES (4) RETURNING a': 'SPEC_UNSAFE_SQL',
      // Refused by the server in words of its own: SELECT … INTO is not allowed here; a data-modifying WITH must be at the top level.
      'SELECT * INTO made FROM t': 'database: 42601',
      'WITH gone AS (DELETE FROM t RETURNING a) SELECT * FROM gone': 'database: 0A000',
    };
    for (const [attack, outcome] of Object.entries(outcomes)) expect([attack, await refusal(reader.query(attack))]).toEqual([attack, outcome]);
    expect(existsSync(copied)).toBe(false);
    expect(existsSync(programmed)).toBe(false);
    expect(await exists(`${dataset}.made`)).toBe(false);
    expect(await count(`${dataset}.t`)).toBe(3);
  });

  it("finds unqualified names in the dataset's schema only", async () => {
    expect(await refusal(reader.query('SELECT x FROM secret'))).toBe('database: 42P01');
    expect(await reader.query('SELECT COUNT(*) AS n FROM t')).toEqual([{ n: 3 }]);
  });

  it('stops a slow query at query_seconds with RUN_QUERY_TIMEOUT, and nothing keeps running on the server', async () => {
    expect(await refusal(reader.query('SELECT pg_sleep(30) AS slept'))).toBe('RUN_QUERY_TIMEOUT');
    const running = await admin.query(`SELECT COUNT(*) AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid()`);
    expect(Number(running.rows[0].n)).toBe(0);
  });

  it('cancels a query on the server when the signal fires (RUN_INTERRUPTED)', async () => {
    const controller = new AbortController();
    const patient = await openPostgresReader(url, { schema: dataset, bounds: { limits: resolveLimits(), signal: controller.signal } });
    try {
      const query = refusal(patient.query('WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) AS c FROM n'));
      setTimeout(() => controller.abort(), 300);
      expect(await query).toBe('RUN_INTERRUPTED');
      const running = await admin.query(`SELECT COUNT(*) AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%WITH RECURSIVE n(i)%' AND pid <> pg_backend_pid()`);
      expect(Number(running.rows[0].n)).toBe(0);
    } finally {
      await patient.close();
    }
  });

  describe('during a run', () => {
    let schema: string;
    let target: Target;

    beforeEach(async () => {
      schema = `sandbox_run_${suffix()}`;
      target = resolveTarget(url, { schema, create: true });
      await target.open();
      await writeTables(target, [[customers, customerRows()]]);
    });
    afterEach(async () => {
      await target.abort();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });

    it('keeps the loading transaction: a COMMIT cannot publish the staged tables, and they stay the only schema read', async () => {
      // Seen from another session, the staged table exists only once the loading transaction commits.
      const staged = `"${(target as unknown as { staging: string }).staging}".customers`;
      expect(await refusal(target.query('COMMIT', oneSecond))).toBe('SPEC_UNSAFE_SQL');
      expect(await refusal(target.query('SELECT 1; COMMIT', oneSecond))).toBe('SPEC_UNSAFE_SQL');
      expect(await refusal(target.query(`SELECT x FROM secret`, oneSecond))).toBe('database: 42P01');
      expect(await exists(staged)).toBe(false);
      // The run goes on in the same transaction: the staged rows are there, then thrown away.
      expect(await target.query('SELECT COUNT(*) AS n FROM customers', oneSecond)).toEqual([{ n: customerRows().length }]);
      await target.abort();
      expect(await exists(staged)).toBe(false);
      expect(await exists(`"${schema}".customers`)).toBe(false);
    });

    it('stops a slow context query at query_seconds', async () => {
      expect(await refusal(target.query('SELECT pg_sleep(30) AS slept', oneSecond))).toBe('RUN_QUERY_TIMEOUT');
    });
  });
});

describeWithServer(MYSQL, 'spec SQL on MariaDB, under validation', (url) => {
  const dataset = `sandbox_${suffix()}`;
  const other = `sandbox_other_${suffix()}`;
  let admin: mysql.Connection;
  let reader: DatabaseReader;
  const tableExists = async (database: string, table: string) =>
    ((await admin.query('SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [database, table])) as unknown as [{ n: number }[]])[0][0].n > 0;
  const count = async (qualified: string) => Number(((await admin.query(`SELECT COUNT(*) AS n FROM ${qualified}`)) as unknown as [{ n: number }[]])[0][0].n);

  beforeAll(async () => {
    const { hostname, port, username } = new URL(url);
    admin = await mysql.createConnection({ host: hostname, port: Number(port || 3306), user: decodeURIComponent(username), multipleStatements: true });
    await admin.query(`CREATE DATABASE ${dataset}; CREATE TABLE ${dataset}.t (a int); INSERT INTO ${dataset}.t VALUES (1), (2), (3)`);
    await admin.query(`CREATE DATABASE ${other}; CREATE TABLE ${other}.secret (x text); INSERT INTO ${other}.secret VALUES ('hidden')`);
    reader = await openMysqlReader(url, { schema: dataset, bounds: oneSecond });
  });
  afterAll(async () => {
    await reader.close();
    await admin.query(`DROP DATABASE IF EXISTS ${dataset}; DROP DATABASE IF EXISTS ${other}`);
    await admin.end();
  });

  it('refuses a second statement: the server parses one, and the second did not run', async () => {
    expect(await refusal(reader.query(`SELECT 1 AS a; DROP TABLE ${other}.secret`))).toBe('database: ER_PARSE_ERROR');
    expect(await refusal(reader.query(`SELECT 1 AS a; CREATE TABLE ${dataset}.made (x int)`))).toBe('database: ER_PARSE_ERROR');
    expect(await tableExists(other, 'secret')).toBe(true);
    expect(await tableExists(dataset, 'made')).toBe(false);
  });

  it('refuses INTO OUTFILE/DUMPFILE, DDL (which would end the read-only transaction), writes, USE and LOAD DATA: nothing is written', async () => {
    const outfile = serverFile();
    const dumpfile = serverFile();
    for (const attack of [
      `SELECT 1 INTO OUTFILE '${outfile}'`,
      `SELECT a FROM t INTO DUMPFILE '${dumpfile}'`,
      'SELECT a INTO @kept FROM t LIMIT 1',
      'CREATE TABLE made (x int)',
      'DROP TABLE t',
      'INSERT INTO t VALUES (4)',
      'DELETE FROM t',
      'USE mysql',
      'COMMIT',
      "LOAD DATA LOCAL INFILE '/etc/hostname' INTO TABLE t",
    ]) {
      expect([attack, await refusal(reader.query(attack))]).toEqual([attack, 'SPEC_UNSAFE_SQL']);
    }
    expect(existsSync(outfile)).toBe(false);
    expect(existsSync(dumpfile)).toBe(false);
    expect(await tableExists(dataset, 'made')).toBe(false);
    expect(await count(`${dataset}.t`)).toBe(3);
    // The reader still reads its own database.
    expect(await reader.query('SELECT COUNT(*) AS n FROM t')).toEqual([{ n: 3 }]);
  });

  it('stops a slow query at query_seconds with RUN_QUERY_TIMEOUT, even one that lifts the server limit itself', async () => {
    expect(await refusal(reader.query('SELECT SLEEP(30) AS slept'))).toBe('RUN_QUERY_TIMEOUT');
    expect(await refusal(reader.query('SET STATEMENT max_statement_time = 0 FOR SELECT SLEEP(30) AS slept'))).toBe('RUN_QUERY_TIMEOUT');
    const [running] = (await admin.query(`SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE INFO LIKE '%SLEEP(30)%' AND ID <> CONNECTION_ID()`)) as unknown as [{ n: number }[]];
    expect(Number(running[0].n)).toBe(0);
  });

  it('kills a query on the server when the signal fires (RUN_INTERRUPTED)', async () => {
    const controller = new AbortController();
    const patient = await openMysqlReader(url, { schema: dataset, bounds: { limits: resolveLimits(), signal: controller.signal } });
    try {
      // MariaDB bounds recursion itself (max_recursive_iterations): a cross join of bounded recursions runs for hours instead.
      const long = 'WITH RECURSIVE n AS (SELECT 1 AS i UNION ALL SELECT i + 1 FROM n WHERE i < 1000) SELECT COUNT(*) AS c FROM n a, n b, n c, n d';
      const query = refusal(patient.query(long));
      setTimeout(() => controller.abort(), 300);
      expect(await query).toBe('RUN_INTERRUPTED');
      const [running] = (await admin.query(`SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE INFO LIKE '%FROM n a, n b%' AND ID <> CONNECTION_ID()`)) as unknown as [{ n: number }[]];
      expect(Number(running[0].n)).toBe(0);
    } finally {
      await patient.close();
    }
  });

  describe('during a run', () => {
    let database: string;
    let target: Target;

    beforeEach(async () => {
      database = `sandbox_run_${suffix()}`;
      target = resolveTarget(`${url.replace(/\/[^/]*$/, '')}/${database}`, { create: true });
      await target.open();
      await writeTables(target, [[customers, customerRows()]]);
    });
    afterEach(async () => {
      await target.abort();
      await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    });

    it('runs spec SQL on a session of its own: USE and SET there do not move the loading session, which alone offers local files', async () => {
      expect(await refusal(target.query('USE mysql', oneSecond))).toBe('SPEC_UNSAFE_SQL');
      expect(await refusal(target.query("SET SESSION sql_mode = ''", oneSecond))).toBe('SPEC_UNSAFE_SQL');
      expect(await refusal(target.query("LOAD DATA LOCAL INFILE '/etc/hostname' INTO TABLE customers", oneSecond))).toBe('SPEC_UNSAFE_SQL');
      expect(await target.query('SELECT COUNT(*) AS n FROM customers', oneSecond)).toEqual([{ n: customerRows().length }]);
      // The next table still lands in the staging database, and the run commits into its own.
      await writeTables(target, [[{ ...customers, name: 'more_customers' }, customerRows()]]);
      await target.commit();
      expect(await tableExists(database, 'more_customers')).toBe(true);
      expect(await tableExists('mysql', 'more_customers')).toBe(false);
      expect(await count(`${database}.customers`)).toBe(customerRows().length);
    });

    it('stops a slow context query at query_seconds', async () => {
      expect(await refusal(target.query('SELECT SLEEP(30) AS slept', oneSecond))).toBe('RUN_QUERY_TIMEOUT');
    });
  });
});
