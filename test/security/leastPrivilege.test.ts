/**
 * The least-privilege users docs/security.md recommends, made exactly as written there on the
 * real servers: the writer runs v15 twice (the second run replaces the first), the reader checks
 * and reports it, and the servers themselves refuse what the roles lack (server files, other
 * users' secrets, writes by the reader).
 */
import mysql from 'mysql2/promise';
import pg from 'pg';
import { cli } from '../helpers/cli';
import { describeWithServer, MYSQL, POSTGRES } from '../targets/servers';

const SPEC = 'specs/v15.yaml';
const SCALE = ['--scale', '0.02'];

/** A server URL with another user (no password: trust auth here, as in CI). */
function as(url: string, user: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = '';
  return parsed.toString();
}

function expectSuccess(args: string[]): string {
  const result = cli(args, { timeoutMs: 240_000 });
  expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: expect.not.stringMatching(/error /) });
  return result.stdout;
}

describeWithServer(POSTGRES, 'a least-privilege PostgreSQL writer and reader', (url) => {
  const schema = 'lp_dataset';
  const database = new URL(url).pathname.slice(1);
  let admin: pg.Client;

  const dropRoles = async () => {
    for (const role of ['hopify_writer', 'hopify_reader']) {
      const exists = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      if (exists.rowCount) await admin.query(`DROP OWNED BY ${role} CASCADE; DROP ROLE ${role}`);
    }
  };

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await dropRoles();
    // As docs/security.md writes them.
    await admin.query(`
      CREATE ROLE hopify_writer LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
      GRANT CONNECT, CREATE ON DATABASE ${database} TO hopify_writer;
      CREATE SCHEMA ${schema} AUTHORIZATION hopify_writer;
      CREATE ROLE hopify_reader LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
      GRANT CONNECT ON DATABASE ${database} TO hopify_reader;
      GRANT USAGE ON SCHEMA ${schema} TO hopify_reader;
      GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO hopify_reader;
      ALTER DEFAULT PRIVILEGES FOR ROLE hopify_writer GRANT SELECT ON TABLES TO hopify_reader;
      ALTER ROLE hopify_reader SET default_transaction_read_only = on;`);
  });

  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await dropRoles();
    await admin.end();
  });

  it('runs twice as the writer, then checks and reports as the reader', async () => {
    const writer = as(url, 'hopify_writer');
    const reader = as(url, 'hopify_reader');
    expectSuccess(['run', SPEC, ...SCALE, '--target', writer, '--schema', schema, '--quiet']);
    expectSuccess(['run', SPEC, ...SCALE, '--seed', '2', '--target', writer, '--schema', schema, '--quiet']);
    const owners = await admin.query('SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = $1', [schema]);
    expect(owners.rows).toEqual([{ tableowner: 'hopify_writer' }]);
    expect(expectSuccess(['check', SPEC, '--db', reader, '--schema', schema])).toMatch(/^32 of 32 checks pass on /m);
    expect(expectSuccess(['report', SPEC, '--db', reader, '--schema', schema])).toContain('Monthly Churn Target');
  });

  it('leaves the reader no way to server files, secrets or writes', async () => {
    const client = new pg.Client({ connectionString: as(url, 'hopify_reader') });
    await client.connect();
    try {
      await expect(client.query("SELECT pg_read_file('/etc/hostname')")).rejects.toThrow(/permission denied/);
      await expect(client.query('SELECT passwd FROM pg_shadow')).rejects.toThrow(/permission denied/);
      await expect(client.query(`CREATE TABLE ${schema}.planted (x int)`)).rejects.toThrow(/read-only|permission denied/);
      await expect(client.query("COPY (SELECT 1) TO PROGRAM 'true'")).rejects.toThrow(/permission denied|superuser|read-only/i);
    } finally {
      await client.end();
    }
  });
});

describeWithServer(MYSQL, 'a least-privilege MariaDB writer and reader', (url) => {
  const database = 'lp_dataset';
  let admin: mysql.Connection;

  beforeAll(async () => {
    admin = await mysql.createConnection(url);
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.query("DROP USER IF EXISTS 'hopify_writer'@'%', 'hopify_reader'@'%'");
    // As docs/security.md writes them.
    await admin.query("CREATE USER 'hopify_writer'@'%'");
    await admin.query(`GRANT SELECT, INSERT, CREATE, DROP, ALTER, INDEX, REFERENCES ON \`${database}\`.* TO 'hopify_writer'@'%'`);
    await admin.query("GRANT SELECT, INSERT, CREATE, DROP, ALTER, INDEX, REFERENCES ON `staging\\_%`.* TO 'hopify_writer'@'%'");
    await admin.query("CREATE USER 'hopify_reader'@'%'");
    await admin.query(`GRANT SELECT ON \`${database}\`.* TO 'hopify_reader'@'%'`);
  });

  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.query("DROP USER IF EXISTS 'hopify_writer'@'%', 'hopify_reader'@'%'");
    await admin.end();
  });

  it('runs twice as the writer, then checks and reports as the reader', async () => {
    const writer = as(url, 'hopify_writer');
    const reader = as(url, 'hopify_reader');
    // The writer's CREATE on the dataset lets its first run make the database (--create); the second finds it.
    expectSuccess(['run', SPEC, ...SCALE, '--target', writer, '--schema', database, '--create', '--quiet']);
    expectSuccess(['run', SPEC, ...SCALE, '--seed', '2', '--target', writer, '--schema', database, '--quiet']);
    const [tables] = await admin.query('SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [database]);
    expect(Number((tables as { n: number }[])[0].n)).toBeGreaterThan(10);
    expect(expectSuccess(['check', SPEC, '--db', reader, '--schema', database])).toMatch(/^32 of 32 checks pass on /m);
    expect(expectSuccess(['report', SPEC, '--db', reader, '--schema', database])).toContain('Monthly Churn Target');
  });

  it('leaves the reader no way to server files, other databases or writes', async () => {
    const readerUrl = new URL(as(url, 'hopify_reader'));
    readerUrl.pathname = `/${database}`;
    const client = await mysql.createConnection(readerUrl.toString());
    try {
      const [files] = await client.query("SELECT LOAD_FILE('/etc/hostname') AS f");
      expect((files as { f: unknown }[])[0].f).toBeNull();
      await expect(client.query('SELECT User FROM mysql.user')).rejects.toThrow(/denied/);
      await expect(client.query(`CREATE TABLE ${database}.planted (x int)`)).rejects.toThrow(/denied/);
      await expect(client.query("SELECT 1 INTO OUTFILE '/tmp/hopify-lp-outfile'")).rejects.toThrow(/denied/);
    } finally {
      await client.end();
    }
  });
});
