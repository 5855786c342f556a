import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { openSource } from '../../engine/init/openSource';
import { openMysqlSource } from '../../engine/init/readers/mysqlSource';
import { openPostgresSource } from '../../engine/init/readers/postgresSource';
import { resolveLimits } from '../../engine/limits';
import { describeWithServer, MYSQL, POSTGRES } from '../targets/servers';
import { expectFixtureRead, fixtureStatements, STORES } from './sourceFixture';

describeWithServer(POSTGRES, 'PostgreSQL source', (url) => {
  const schema = `hopify_init_${randomBytes(4).toString('hex')}`;
  let admin: pg.Client;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA "${schema}"; SET search_path TO "${schema}"`);
    for (const statement of fixtureStatements('postgres')) await admin.query(statement);
  });
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  it('reads tables, types, keys, indexes and deterministic spread samples', async () => {
    const source = await openPostgresSource(url, schema, resolveLimits());
    try {
      await expectFixtureRead(source, 'postgres');
    } finally {
      await source.close();
    }
  });

  it('quotes a table name that holds SQL: only the read runs', async () => {
    const evil = 'evil"; DELETE FROM stores; --';
    await admin.query(`CREATE TABLE "${evil.replace(/"/g, '""')}" (id integer PRIMARY KEY)`);
    await admin.query(`INSERT INTO "${evil.replace(/"/g, '""')}" VALUES (1), (2)`);
    const source = await openPostgresSource(url, schema, resolveLimits());
    try {
      expect(await source.sample(evil, 5)).toEqual([{ id: 1 }, { id: 2 }]);
    } finally {
      await source.close();
      await admin.query(`DROP TABLE "${evil.replace(/"/g, '""')}"`);
    }
    const [{ count }] = (await admin.query(`SELECT COUNT(*)::int AS count FROM "${schema}".stores`)).rows;
    expect(count).toBe(STORES);
  });

  it('samples a table without columns as no rows', async () => {
    await admin.query(`CREATE TABLE "${schema}".bare ()`);
    const source = await openPostgresSource(url, schema, resolveLimits());
    try {
      expect((await source.schema()).tables.find((table) => table.name === 'bare')).toMatchObject({ columns: [], rowCount: 0 });
      expect(await source.sample('bare', 10)).toEqual([]);
    } finally {
      await source.close();
      await admin.query(`DROP TABLE "${schema}".bare`);
    }
  });

  it('stops a query at query_seconds', async () => {
    await admin.query(`CREATE TABLE "${schema}".slow (id integer PRIMARY KEY)`);
    await admin.query(`INSERT INTO "${schema}".slow SELECT generate_series(1, 300000)`);
    const source = await openPostgresSource(url, schema, { ...resolveLimits(), query_seconds: 0.001 }).catch((err) => err);
    expect(String(source)).toMatch(/RUN_QUERY_TIMEOUT: the query ran longer than 0.001 s/);
    await admin.query(`DROP TABLE "${schema}".slow`);
  });
});

describeWithServer(MYSQL, 'MariaDB/MySQL source', (url) => {
  const database = `hopify_init_${randomBytes(4).toString('hex')}`;
  const sourceUrl = Object.assign(new URL(url), { pathname: `/${database}` }).toString();
  let admin: mysql.Connection;

  beforeAll(async () => {
    admin = await mysql.createConnection({ uri: url, charset: 'utf8mb4' });
    await admin.query(`CREATE DATABASE \`${database}\``);
    await admin.query(`USE \`${database}\``);
    for (const statement of fixtureStatements('mysql')) await admin.query(statement);
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin.end();
  });

  it('reads tables, types, keys, indexes and deterministic spread samples', async () => {
    const source = await openMysqlSource(sourceUrl, resolveLimits());
    try {
      await expectFixtureRead(source, 'mysql');
    } finally {
      await source.close();
    }
  });

  it('reads the database --schema names instead of the URL\'s, and refuses a --tables entry it lacks', async () => {
    const source = await openSource(url, { schema: database, tables: ['stores'] });
    try {
      expect((await source.schema()).displayName).toContain(`(database ${database})`);
    } finally {
      await source.close();
    }
    await expect(openSource(sourceUrl, { tables: ['store'] })).rejects.toThrow(`SOURCE_NO_TABLE: ${sourceUrl} (database ${database}) has no table "store"; did you mean "stores"?`);
  });

  it('names a missing database with a did-you-mean', async () => {
    const misspelt = Object.assign(new URL(url), { pathname: `/${database.slice(0, -1)}` }).toString();
    await expect(openMysqlSource(misspelt, resolveLimits())).rejects.toThrow(`SOURCE_UNREACHABLE: ${misspelt} has no database "${database.slice(0, -1)}"; did you mean "${database}"?`);
  });
});
