/**
 * Spec SQL attacks against real servers, through the real CLI: a spec carries the attack in
 * a context query (`run --target`), a check (`check --db`), a KPI (`report --db`) or a chart
 * (`report --html`). Each exits 1 with SPEC_UNSAFE_SQL at the attack's line and column, and
 * the server shows that nothing happened: no file written, the sentinel table in another
 * schema or database still there, the other session alive, no table made in the dataset's
 * schema, and nothing secret printed.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { cli, type CliResult } from '../helpers/cli';
import { writeSpec } from '../helpers/runSpec';
import { describeWithServer, MYSQL, POSTGRES } from '../targets/servers';
import { attackSpec, type SqlPlace } from './attackSpecs';

const suffix = () => randomBytes(4).toString('hex');

/** A file a server would write, by a name no earlier run used. */
const serverFile = () => `/tmp/hopify-gate-${suffix()}`;

interface Attack {
  place: SqlPlace;
  sql: string;
  /** Where the problem must point: the first occurrence of this text in the statement. */
  at: string;
}

/** The command that sends each place's SQL to the server. */
function command(place: SqlPlace, spec: string, url: string, schema: string): string[] {
  if (place === 'context') return ['run', spec, '--target', url, '--schema', schema];
  if (place === 'check') return ['check', spec, '--db', url, '--schema', schema];
  if (place === 'kpi') return ['report', spec, '--db', url, '--schema', schema];
  return ['report', spec, '--db', url, '--schema', schema, '--html', join(dirname(spec), 'report.html')];
}

/** Runs the attack through the CLI; asserts the refusal, its code and its position. */
function refused(attack: Attack, url: string, schema: string): CliResult {
  const spec = attackSpec(attack.place, attack.sql);
  const file = writeSpec(spec.text);
  try {
    const result = cli(command(attack.place, file, url, schema), { cwd: dirname(file) });
    const { line, col } = spec.at(attack.at);
    expect(result.stderr).toContain(`error SPEC_UNSAFE_SQL  ${relative(dirname(file), file)}:${line}:${col}\n  ${spec.path}: `);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
    expect(result.status).toBe(1);
    expect(existsSync(join(dirname(file), 'report.html'))).toBe(false);
    return result;
  } finally {
    rmSync(dirname(file), { recursive: true, force: true });
  }
}

describeWithServer(POSTGRES, 'spec SQL attacks on PostgreSQL, refused before they reach it', (url) => {
  const dataset = `gate_${suffix()}`;
  const other = `gate_other_${suffix()}`;
  let admin: pg.Client;
  let pid: number;
  let hostname: string;
  let shadow: string[];
  const one = async (sql: string, values: unknown[] = []) => (await admin.query(sql, values)).rows[0];
  const fileOnServer = async (path: string) => (await one('SELECT (pg_stat_file($1, true)).size AS size', [path])).size !== null;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${dataset}; CREATE SCHEMA ${other}; CREATE TABLE ${other}.sentinel (secret text); INSERT INTO ${other}.sentinel VALUES ('hidden-${suffix()}')`);
    pid = (await one('SELECT pg_backend_pid() AS pid')).pid;
    hostname = String((await one("SELECT pg_read_file('/etc/hostname') AS text")).text).trim();
    shadow = (await admin.query('SELECT usename, passwd FROM pg_shadow WHERE passwd IS NOT NULL')).rows.map((r) => String(r.passwd));
  });
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${dataset} CASCADE; DROP SCHEMA IF EXISTS ${other} CASCADE`);
    await admin.end();
  });

  /** What every attack must leave as it was. */
  const untouched = async (printed: CliResult) => {
    expect((await one(`SELECT COUNT(*)::int AS n FROM ${other}.sentinel`)).n).toBe(1);
    expect((await one('SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE pid = $1', [pid])).n).toBe(1);
    expect((await one('SELECT COUNT(*)::int AS n FROM information_schema.tables WHERE table_schema = $1', [dataset])).n).toBe(0);
    const secret = String((await one(`SELECT secret FROM ${other}.sentinel`)).secret);
    for (const text of [hostname, secret, ...shadow]) expect(printed.stdout + printed.stderr).not.toContain(text);
  };

  it('a context query that reads a server file into the rows (run --target)', async () => {
    await untouched(refused({ place: 'context', sql: "SELECT customer_id, length(pg_read_file('/etc/hostname')) AS n\nFROM customers", at: 'pg_read_file' }, url, dataset));
  });

  it('a context query that reads pg_shadow and another schema (run --target)', async () => {
    await untouched(refused({ place: 'context', sql: `SELECT c.customer_id, 1 AS n\nFROM customers c, pg_shadow s, ${other}.sentinel o`, at: 'pg_shadow' }, url, dataset));
  });

  it('a check that commits and runs a program (check --db)', async () => {
    const written = serverFile();
    await untouched(refused({ place: 'check', sql: `SELECT 1 WHERE false;\nCOMMIT;\nCOPY (SELECT 1) TO PROGRAM 'touch ${written}'`, at: 'COPY' }, url, dataset));
    expect(await fileOnServer(written)).toBe(false);
  });

  it('a check that writes a server file (check --db)', async () => {
    const written = serverFile();
    await untouched(refused({ place: 'check', sql: `COPY (SELECT 'x') TO '${written}'`, at: 'COPY' }, url, dataset));
    expect(await fileOnServer(written)).toBe(false);
  });

  it("a check that drops another schema's table and creates one (check --db)", async () => {
    await untouched(refused({ place: 'check', sql: `SELECT 1;\nDROP TABLE ${other}.sentinel;\nCREATE TABLE ${dataset}.made (x int)`, at: 'DROP' }, url, dataset));
  });

  it('a KPI that terminates another session (report --db)', async () => {
    await untouched(refused({ place: 'kpi', sql: `SELECT 'all' AS segment, pg_terminate_backend(${pid})::int AS actual`, at: 'pg_terminate_backend' }, url, dataset));
  });

  it('a chart that sleeps and makes a table (report --html)', async () => {
    await untouched(refused({ place: 'chart', sql: `SELECT 'x' AS segment, pg_sleep(40) AS n\nINTO ${dataset}.made`, at: 'pg_sleep' }, url, dataset));
  });
});

describeWithServer(MYSQL, 'spec SQL attacks on MariaDB, refused before they reach it', (url) => {
  const dataset = `gate_${suffix()}`;
  const other = `gate_other_${suffix()}`;
  let admin: mysql.Connection;
  let connectionId: number;
  let hostname: string | null;
  let users: string[];
  const one = async (sql: string, values: unknown[] = []) => ((await admin.query(sql, values))[0] as Record<string, unknown>[])[0];
  /** A file the server wrote; LOAD_FILE as root reads any file the server may read. */
  const fileOnServer = async (path: string) => (await one('SELECT LOAD_FILE(?) AS content', [path])).content !== null;

  beforeAll(async () => {
    admin = await mysql.createConnection({ uri: url, multipleStatements: true });
    await admin.query(`CREATE DATABASE ${dataset}; CREATE DATABASE ${other}; CREATE TABLE ${other}.sentinel (secret text); INSERT INTO ${other}.sentinel VALUES ('hidden-${suffix()}')`);
    connectionId = Number((await one('SELECT CONNECTION_ID() AS id')).id);
    const content = (await one("SELECT LOAD_FILE('/etc/hostname') AS content")).content;
    hostname = content === null ? null : String(content).trim();
    users = ((await admin.query("SELECT CONCAT(User, '@', Host) AS who FROM mysql.user"))[0] as { who: string }[]).map((r) => r.who);
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${dataset}; DROP DATABASE IF EXISTS ${other}`);
    await admin.end();
  });

  const untouched = async (printed: CliResult) => {
    expect(Number((await one(`SELECT COUNT(*) AS n FROM ${other}.sentinel`)).n)).toBe(1);
    expect(Number((await one('SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE ID = ?', [connectionId])).n)).toBe(1);
    expect(Number((await one('SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [dataset])).n)).toBe(0);
    const secret = String((await one(`SELECT secret FROM ${other}.sentinel`)).secret);
    for (const text of [secret, ...users, ...(hostname ? [hostname] : [])]) expect(printed.stdout + printed.stderr).not.toContain(text);
  };

  it('a context query that writes a server file (run --target)', async () => {
    const written = serverFile();
    await untouched(refused({ place: 'context', sql: `SELECT customer_id, 1 AS n FROM customers\nINTO OUTFILE '${written}'`, at: 'INTO' }, url, dataset));
    expect(await fileOnServer(written)).toBe(false);
  });

  it('a context query that reads a server file into the rows (run --target)', async () => {
    await untouched(refused({ place: 'context', sql: "SELECT customer_id, LENGTH(LOAD_FILE('/etc/hostname')) AS n\nFROM customers", at: 'LOAD_FILE' }, url, dataset));
  });

  it('a check that dumps a file (check --db)', async () => {
    const written = serverFile();
    await untouched(refused({ place: 'check', sql: `SELECT 'x'\nINTO DUMPFILE '${written}'`, at: 'INTO' }, url, dataset));
    expect(await fileOnServer(written)).toBe(false);
  });

  it("a check that reads mysql.user and another database's table (check --db)", async () => {
    await untouched(refused({ place: 'check', sql: `SELECT u.User, o.secret\nFROM mysql.user u, ${other}.sentinel o`, at: 'mysql.user' }, url, dataset));
  });

  it('a check that drops a table after its query (check --db)', async () => {
    await untouched(refused({ place: 'check', sql: `SELECT 1;\nDROP TABLE ${other}.sentinel`, at: 'DROP' }, url, dataset));
  });

  it('a KPI that hides a file read in a comment MariaDB runs (report --db)', async () => {
    await untouched(refused({ place: 'kpi', sql: "SELECT 'all' AS segment, 1 AS actual /*! , LOAD_FILE('/etc/hostname') */", at: '/*!' }, url, dataset));
  });

  it('a chart that sleeps (report --html)', async () => {
    await untouched(refused({ place: 'chart', sql: "SELECT 'x' AS segment, SLEEP(40) AS n", at: 'SLEEP' }, url, dataset));
  });
});
