/**
 * A server target never creates a database or schema unless `--create` asks: a misspelt name
 * fails with exit 1, a did-you-mean over the names that exist and the `--create` hint, and
 * leaves nothing behind; with `--create` the place is made and written.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { cli } from '../helpers/cli';
import { describeWithServer, MYSQL, POSTGRES } from './servers';

const SPEC = `name: shop
seed: 1
as_of: 2025-06-30
tables:
  customers:
    rows: { count: 10 }
    columns:
      customer_id: { type: integer, primary_key: true, sequence: {} }
`;

let dir: string;
let spec: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hopify-create-'));
  spec = join(dir, 'spec.yaml');
  writeFileSync(spec, SPEC);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An existing name and a misspelling of it (one letter more) that names nothing yet. */
function names(): { existing: string; misspelt: string } {
  const existing = `hopify_create_${randomBytes(4).toString('hex')}`;
  return { existing, misspelt: `${existing}z` };
}

/** The refusal: exit 1, TARGET_UNREACHABLE naming the missing place, the near name and --create. */
function expectRefused(args: string[], kind: string, misspelt: string, existing: string): void {
  const refused = cli(args);
  expect(refused.status).toBe(1);
  expect(refused.stderr).toContain('error TARGET_UNREACHABLE');
  expect(refused.stderr).toContain(`has no ${kind} "${misspelt}"; did you mean "${existing}"?`);
  expect(refused.stderr).toContain('--create');
  expect(refused.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

describeWithServer(POSTGRES, 'a missing PostgreSQL schema', (url) => {
  const { existing, misspelt } = names();
  let admin: pg.Client;
  const schemaCount = async (name: string) => (await admin.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [name])).rowCount;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA "${existing}"`);
  });
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS "${existing}" CASCADE; DROP SCHEMA IF EXISTS "${misspelt}" CASCADE`);
    await admin.end();
  });

  it('is refused with a did-you-mean and created by nothing', async () => {
    expectRefused(['run', spec, '--target', url, '--schema', misspelt, '--quiet'], 'schema', misspelt, existing);
    expect(await schemaCount(misspelt)).toBe(0);
  });

  it('is refused by check as well, which never creates one', async () => {
    const refused = cli(['check', spec, '--db', url, '--schema', misspelt]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('error TARGET_UNREACHABLE');
    expect(refused.stderr).toContain(`has no schema "${misspelt}"; did you mean "${existing}"?`);
    expect(refused.stderr).not.toContain('--create');
  });

  it('is created and written with --create', async () => {
    expect(cli(['run', spec, '--target', url, '--schema', misspelt, '--create', '--quiet'])).toMatchObject({ status: 0, stderr: '' });
    expect((await admin.query(`SELECT count(*)::int AS n FROM "${misspelt}".customers`)).rows[0].n).toBe(10);
  });

  it('an existing schema is written without --create', async () => {
    expect(cli(['run', spec, '--target', url, '--schema', existing, '--quiet'])).toMatchObject({ status: 0, stderr: '' });
    expect((await admin.query(`SELECT count(*)::int AS n FROM "${existing}".customers`)).rows[0].n).toBe(10);
  });
});

describeWithServer(MYSQL, 'a missing MariaDB/MySQL database', (url) => {
  const { existing, misspelt } = names();
  const at = (database: string) => `${url.replace(/\/[^/]*$/, '')}/${database}`;
  let admin: mysql.Connection;
  const databaseCount = async (name: string) => ((await admin.query('SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [name]))[0] as unknown[]).length;

  beforeAll(async () => {
    admin = await mysql.createConnection({ uri: url });
    await admin.query(`CREATE DATABASE \`${existing}\``);
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS \`${existing}\``);
    await admin.query(`DROP DATABASE IF EXISTS \`${misspelt}\``);
    await admin.end();
  });

  it('in the URL is refused with a did-you-mean and created by nothing', async () => {
    expectRefused(['run', spec, '--target', at(misspelt), '--quiet'], 'database', misspelt, existing);
    expect(await databaseCount(misspelt)).toBe(0);
  });

  it('named by --schema is refused the same way', async () => {
    expectRefused(['run', spec, '--target', url, '--schema', misspelt, '--quiet'], 'database', misspelt, existing);
    expect(await databaseCount(misspelt)).toBe(0);
  });

  it('is refused by check as well, in the URL or by --schema, and created by nothing', async () => {
    for (const where of [['--db', at(misspelt)], ['--db', url, '--schema', misspelt]]) {
      const refused = cli(['check', spec, ...where]);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain('error TARGET_UNREACHABLE');
      expect(refused.stderr).toContain(`has no database "${misspelt}"; did you mean "${existing}"?`);
      expect(refused.stderr).not.toContain('--create');
      expect(refused.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    }
    expect(await databaseCount(misspelt)).toBe(0);
  });

  it('is created and written with --create', async () => {
    expect(cli(['run', spec, '--target', at(misspelt), '--create', '--quiet'])).toMatchObject({ status: 0, stderr: '' });
    const [rows] = await admin.query(`SELECT count(*) AS n FROM \`${misspelt}\`.customers`);
    expect(Number((rows as { n: number }[])[0].n)).toBe(10);
  });
});
