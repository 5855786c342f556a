/**
 * A spec query that never ends cannot hold a run, a check or a report: through the real CLI,
 * it stops at `--limit query_seconds=` (exit 1, RUN_QUERY_TIMEOUT at its spec path), and
 * SIGINT or SIGTERM end the command while it runs (exit 130 or 143), the query cancelled on
 * the server. Either way the previous output is untouched and no temporary file is left.
 * A generous spawn timeout is the hang detector; nothing here asserts on time.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { cli, cliProcess } from '../helpers/cli';
import { describeWithServer, MYSQL, POSTGRES } from '../targets/servers';

/** Past this the command is taken to hang: killed, and the test fails. */
const HANG_MS = 60_000;

/** Never ends on SQLite, which bounds no recursion. */
const ENDLESS = 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) FROM n';
/** MariaDB stops recursion at max_recursive_iterations (1,000 by default): four of them joined make 10^12 rows, hours of work. */
const HOURS_LONG = 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) SELECT COUNT(*) FROM n a, n b, n c, n d';

/** Scores read a context query that counts `steps` with `slow`; `slow: 1` gives the quick run that makes the previous output. */
const spec = (slow: string) => `
name: endless
seed: 1
tables:
  customers:
    rows: { count: 5 }
    columns:
      customer_id: { type: integer, primary_key: true, sequence: {} }
  scores:
    context:
      sql: >
        SELECT c.customer_id, (${slow}) AS steps FROM customers c
      key: customer_id
      on: parent.customer_id
    rows:
      per_parent: { parent: customers, count: { constant: 1 } }
    columns:
      customer_id: { type: integer, from: parent.customer_id }
      steps: { type: integer, expr: "coalesce(context.steps, 0)" }
checks:
  endless_check: "SELECT customer_id FROM customers WHERE customer_id > (${slow})"
kpis:
  metrics:
    endless_kpi: "SELECT (${slow}) AS actual"
`;

function specFolder(slow: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hopify-interrupts-'));
  const file = join(dir, 'spec.yaml');
  writeFileSync(file, spec(slow));
  return { dir, file };
}

/**
 * Starts the CLI and sends `signal` once the query runs: half a second after `ready` appears
 * on its stderr, or once `ready()` (polled) says so; resolves with how the command ended.
 */
function interrupted(args: string[], signal: NodeJS.Signals, ready: RegExp | (() => Promise<boolean>)): Promise<{ status: number | null; stderr: string }> {
  const child = cliProcess(args);
  let stderr = '';
  let sent = false;
  const send = () => {
    if (!sent) child.kill(signal);
    sent = true;
  };
  child.stderr.on('data', (data: Buffer) => {
    stderr += data.toString();
    if (ready instanceof RegExp && ready.test(stderr)) setTimeout(send, 500);
  });
  const poll = ready instanceof RegExp ? undefined : setInterval(() => void ready().then((yes) => yes && send()), 100);
  const hang = setTimeout(() => child.kill('SIGKILL'), HANG_MS);
  return new Promise((resolve) =>
    child.on('close', (status) => {
      clearTimeout(hang);
      clearInterval(poll);
      resolve({ status, stderr });
    }),
  );
}

const problemsOf = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('error '));

describe('a spec query that never ends, on SQLite', () => {
  let dir: string;
  let file: string;
  let out: string;
  let previous: Buffer;

  beforeAll(() => {
    ({ dir, file } = specFolder(ENDLESS));
    out = join(dir, 'out.db');
    // The previous output: the same spec with a query that ends.
    writeFileSync(join(dir, 'quick.yaml'), spec('SELECT 1'));
    expect(cli(['run', join(dir, 'quick.yaml'), '--out', out, '--quiet'], { timeoutMs: HANG_MS }).status).toBe(0);
    previous = readFileSync(out);
  });

  const untouched = () => {
    expect(readFileSync(out).equals(previous)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['out.db', 'quick.yaml', 'spec.yaml']);
  };

  it('stops at --limit query_seconds with RUN_QUERY_TIMEOUT at the context query', () => {
    const result = cli(['run', file, '--out', out, '--quiet', '--limit', 'query_seconds=1'], { timeoutMs: HANG_MS });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/error RUN_QUERY_TIMEOUT/);
    expect(result.stderr).toMatch(/tables\.scores\.context: .*longer than 1 s/);
    expect(result.stderr).toMatch(/--limit query_seconds=/);
    untouched();
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('ends the run on %s while the query runs (exit %i)', async (signal, code) => {
    const result = await interrupted(['run', file, '--out', out, '--progress'], signal, /customers: 5 rows/);
    expect(result.status).toBe(code);
    expect(problemsOf(result.stderr)).toEqual([`error RUN_INTERRUPTED  stopped by ${signal}; the previous output is untouched`]);
    untouched();
  });

  it('stops a check and a report at the limit, each at its spec path', () => {
    const check = cli(['check', file, '--db', out, '--limit', 'query_seconds=1'], { timeoutMs: HANG_MS });
    expect(check.status).toBe(1);
    expect(check.stderr).toMatch(/checks\.endless_check: .*longer than 1 s/);
    const report = cli(['report', file, '--db', out, '--limit', 'query_seconds=1'], { timeoutMs: HANG_MS });
    expect(report.status).toBe(1);
    expect(report.stderr).toMatch(/error RUN_QUERY_TIMEOUT +\S*spec\.yaml:\d+:\d+/);
    untouched();
  });
});

describeWithServer(POSTGRES, 'a spec query that runs for hours, on PostgreSQL', (url) => {
  const schema = `interrupts_${randomBytes(4).toString('hex')}`;
  let admin: pg.Client;
  let file: string;
  let folder: string;
  const scores = async () => (await admin.query(`SELECT customer_id, steps FROM "${schema}".scores ORDER BY customer_id`)).rows;
  const stillRunning = async () => Number((await admin.query(`SELECT COUNT(*) AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%n a, n b, n c, n d%' AND pid <> pg_backend_pid()`)).rows[0].n);

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    ({ dir: folder, file } = specFolder(HOURS_LONG));
    writeFileSync(join(folder, 'quick.yaml'), spec('SELECT 1'));
    expect(cli(['run', join(folder, 'quick.yaml'), '--target', url, '--schema', schema, '--create', '--quiet'], { timeoutMs: HANG_MS }).status).toBe(0);
  });
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  it('stops at --limit query_seconds, and ends on SIGINT with the query cancelled; the previous tables stay', async () => {
    const before = await scores();
    const timedOut = cli(['run', file, '--target', url, '--schema', schema, '--quiet', '--limit', 'query_seconds=1'], { timeoutMs: HANG_MS });
    expect(timedOut.status).toBe(1);
    expect(timedOut.stderr).toMatch(/error RUN_QUERY_TIMEOUT/);
    const stopped = await interrupted(['run', file, '--target', url, '--schema', schema, '--progress'], 'SIGINT', /customers: 5 rows/);
    expect(stopped.status).toBe(130);
    expect(await stillRunning()).toBe(0);
    expect(await scores()).toEqual(before);
  });

  it('ends a check on SIGINT and a report on SIGTERM while their query runs, cancelling it; no page is written', async () => {
    const running = async () => (await stillRunning()) > 0;
    const check = await interrupted(['check', file, '--db', url, '--schema', schema], 'SIGINT', running);
    expect(check.status).toBe(130);
    expect(problemsOf(check.stderr)).toEqual(['error RUN_INTERRUPTED  stopped by SIGINT; the previous output is untouched']);
    expect(await stillRunning()).toBe(0);
    const page = join(folder, 'report.html');
    const report = await interrupted(['report', file, '--db', url, '--schema', schema, '--html', page], 'SIGTERM', running);
    expect(report.status).toBe(143);
    expect(await stillRunning()).toBe(0);
    expect(existsSync(page)).toBe(false);
  });
});

describeWithServer(MYSQL, 'a spec query that runs for hours, on MariaDB', (url) => {
  const database = `interrupts_${randomBytes(4).toString('hex')}`;
  const target = `${url.replace(/\/[^/]*$/, '')}/${database}`;
  let admin: mysql.Connection;
  let file: string;
  const scores = async () => ((await admin.query(`SELECT customer_id, steps FROM ${database}.scores ORDER BY customer_id`)) as unknown as [unknown[]])[0];
  const stillRunning = async () => Number(((await admin.query(`SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE INFO LIKE '%n a, n b, n c, n d%' AND ID <> CONNECTION_ID()`)) as unknown as [{ n: number }[]])[0][0].n);

  beforeAll(async () => {
    const { hostname, port, username } = new URL(url);
    admin = await mysql.createConnection({ host: hostname, port: Number(port || 3306), user: decodeURIComponent(username) });
    const folder = specFolder(HOURS_LONG);
    file = folder.file;
    writeFileSync(join(folder.dir, 'quick.yaml'), spec('SELECT 1'));
    expect(cli(['run', join(folder.dir, 'quick.yaml'), '--target', target, '--create', '--quiet'], { timeoutMs: HANG_MS }).status).toBe(0);
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.end();
  });

  it('stops at --limit query_seconds, and ends on SIGTERM with the query killed; the previous tables stay', async () => {
    const before = await scores();
    const timedOut = cli(['run', file, '--target', target, '--quiet', '--limit', 'query_seconds=1'], { timeoutMs: HANG_MS });
    expect(timedOut.status).toBe(1);
    expect(timedOut.stderr).toMatch(/error RUN_QUERY_TIMEOUT/);
    const stopped = await interrupted(['run', file, '--target', target, '--progress'], 'SIGTERM', /customers: 5 rows/);
    expect(stopped.status).toBe(143);
    expect(await stillRunning()).toBe(0);
    expect(await scores()).toEqual(before);
  });
});
