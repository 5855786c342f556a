import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { UserError } from '../../engine/errors/problem';
import { MysqlTarget } from '../../engine/targets/mysql/mysqlTarget';
import { resolveTarget } from '../../engine/targets/resolveTarget';
import type { Target } from '../../engine/targets/target';
import { describeWithServer, MYSQL } from './servers';
import { AWKWARD_TEXTS, customerRows, customers, orderRows, orders, writeAndCommit, writeTables } from './tables';

/** Both ways rows reach the server: LOAD DATA LOCAL INFILE where it allows local files, multi-row INSERTs where it does not. */
for (const [rowPath, localFiles] of [['LOAD DATA LOCAL INFILE', true], ['multi-row INSERTs', false]] as const) describeWithServer(MYSQL, `MariaDB/MySQL target (${rowPath})`, (url) => {
  let admin: mysql.Connection;
  let database: string;
  let targets: Target[];
  const target = () => {
    const created = new MysqlTarget(url, database, { localFiles, create: true });
    targets.push(created);
    return created;
  };

  beforeAll(async () => {
    admin = await mysql.createConnection({ uri: url, dateStrings: true, charset: 'utf8mb4' });
  });
  afterAll(() => admin.end());
  beforeEach(() => {
    database = `hopify_test_${randomBytes(4).toString('hex')}`;
    targets = [];
  });
  afterEach(() => admin.query(`DROP DATABASE IF EXISTS \`${database}\``));

  const select = async (sql: string, values: unknown[] = []) => (await admin.query(sql, values))[0] as Record<string, any>[];
  const count = async (table: string) => Number((await select(`SELECT count(*) AS n FROM \`${database}\`.\`${table}\``))[0].n);
  /** Staging databases of this test's targets still on the server (their names are private: read here for this check only). */
  const stagingDatabases = async () => {
    const names = targets.flatMap((t) => [(t as unknown as { staging: string }).staging, (t as unknown as { retired: string }).retired]);
    return (await select('SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (?)', [names])).length;
  };

  it('creates InnoDB tables with types, primary, unique and foreign keys and indexes', async () => {
    await writeAndCommit(target(), [[customers, customerRows()], [orders, orderRows()]]);
    const columns = await select('SELECT TABLE_NAME AS t, COLUMN_NAME AS c, COLUMN_TYPE AS type FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION', [database]);
    expect(columns.filter((c) => c.t === 'customers').map((c) => `${c.c}:${c.type}`)).toEqual([
      'id:bigint(20)',
      'name:varchar(255)',
      'note:text',
      'score:double',
      'active:tinyint(1)',
      'born:date',
      'seen:datetime',
      'segment:varchar(255)',
    ]);
    const engines = await select('SELECT DISTINCT ENGINE AS engine FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [database]);
    expect(engines).toEqual([{ engine: 'InnoDB' }]);
    const keys = await select(
      `SELECT tc.TABLE_NAME AS t, tc.CONSTRAINT_TYPE AS kind, k.COLUMN_NAME AS c, k.REFERENCED_TABLE_SCHEMA AS refSchema, k.REFERENCED_TABLE_NAME AS refTable
       FROM information_schema.TABLE_CONSTRAINTS tc JOIN information_schema.KEY_COLUMN_USAGE k
         ON k.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME AND k.TABLE_NAME = tc.TABLE_NAME
       WHERE tc.TABLE_SCHEMA = ? ORDER BY 1, 2, 3`,
      [database],
    );
    expect(keys.map((k) => `${k.t}.${k.c}:${k.kind}${k.refTable ? `->${k.refSchema}.${k.refTable}` : ''}`)).toEqual([
      `customers.id:PRIMARY KEY`,
      `customers.name:UNIQUE`,
      `orders.customer_id:FOREIGN KEY->${database}.customers`,
      `orders.id:PRIMARY KEY`,
    ]);
    const indexes = await select('SELECT DISTINCT INDEX_NAME AS name FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?', [database]);
    expect(indexes.map((i) => i.name)).toEqual(expect.arrayContaining(['customers_segment_idx', 'orders_customer_id_placed_idx']));
    expect(await stagingDatabases()).toBe(0);
  });

  it('round-trips every value exactly: NULLs, quotes, separators, backslashes, unicode', async () => {
    await writeAndCommit(target(), [[customers, customerRows()], [orders, orderRows()]]);
    const rows = await select(`SELECT id, name, note, score, active, born, seen, segment FROM \`${database}\`.customers ORDER BY id`);
    expect(rows.map((r) => Object.values(r))).toEqual(customerRows());
    expect(rows.map((r) => r.note).slice(0, AWKWARD_TEXTS.length)).toEqual(AWKWARD_TEXTS);
    expect(await select(`SELECT placed FROM \`${database}\`.orders ORDER BY id LIMIT 2`)).toEqual([{ placed: '2024-03-01' }, { placed: '2024-03-02' }]);
  });

  it('loads more rows than one max_allowed_packet holds', async () => {
    const packet = Number((await select('SELECT @@max_allowed_packet AS p'))[0].p);
    const big = Array.from({ length: Math.ceil((packet * 1.2) / 5000) }, (_, i) => [i + 1, `n${i}`, `${'é'.repeat(2400)}${i}`, i, 1, null, null, 'x']);
    await writeAndCommit(target(), [[customers, big]]);
    expect(await count('customers')).toBe(big.length);
    expect((await select(`SELECT note FROM \`${database}\`.customers WHERE id = ?`, [big.length]))[0].note).toBe(big[big.length - 1][2]);
  });

  it('replaces the previous tables at commit and leaves them untouched on abort', async () => {
    await writeAndCommit(target(), [[customers, customerRows()], [orders, orderRows()]]);
    const second = target();
    await second.open();
    await writeTables(second, [[customers, customerRows().slice(0, 2)]]);
    await second.createTable(orders);
    await second.writeRows(orders, orderRows(2).flat(), 2);
    await second.abort();
    expect(await count('customers')).toBe(customerRows().length);
    expect(await stagingDatabases()).toBe(0);

    await writeAndCommit(target(), [[customers, customerRows().slice(0, 4)], [orders, orderRows(3)]]);
    expect(await count('customers')).toBe(4);
    expect(await count('orders')).toBe(3);
    const references = await select('SELECT REFERENCED_TABLE_SCHEMA AS s FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL', [database]);
    expect(references).toEqual([{ s: database }]);
    expect(await stagingDatabases()).toBe(0);
  });

  it('keeps the previous data when a value fails mid-write', async () => {
    await writeAndCommit(target(), [[customers, customerRows()], [orders, orderRows()]]);
    const bad = orderRows(40);
    bad[30][2] = 'not a number';
    await expect(writeAndCommit(target(), [[customers, customerRows()], [orders, bad]])).rejects.toMatchObject({ problems: [expect.objectContaining({ code: 'TARGET_WRITE_FAILED' })] });
    expect(await count('orders')).toBe(50);
    expect(await count('customers')).toBe(customerRows().length);
    expect(await stagingDatabases()).toBe(0);
  });

  it('reports a broken reference as a constraint error', async () => {
    const orphans = orderRows(3);
    orphans[1][1] = 999;
    await expect(writeAndCommit(target(), [[customers, customerRows()], [orders, orphans]])).rejects.toMatchObject({ problems: [expect.objectContaining({ code: 'RUN_CONSTRAINT' })] });
    expect(await stagingDatabases()).toBe(0);
  });

  it('reports a duplicate key as a constraint error, losing no row silently', async () => {
    const twice = customerRows();
    twice[3][0] = twice[2][0];
    await expect(writeAndCommit(target(), [[customers, twice]])).rejects.toMatchObject({ problems: [expect.objectContaining({ code: 'RUN_CONSTRAINT', message: expect.stringContaining('customers') })] });
    expect(await stagingDatabases()).toBe(0);
  });

  it('queries the tables written so far, read-only, with engine-shaped values', async () => {
    const t = target();
    await t.open();
    try {
      await writeTables(t, [[customers, customerRows()]]);
      expect(await stagingDatabases()).toBe(1);
      const rows = await t.query('SELECT count(*) AS n, max(id) AS top, min(born) AS first, max(active) AS any, sum(id) AS total FROM customers');
      const n = customerRows().length;
      expect(rows).toEqual([{ n, top: n, first: '1970-01-01', any: 1, total: (n * (n + 1)) / 2 }]);
      for (const sql of ['DELETE FROM customers', 'COMMIT', 'SET SESSION sql_mode = ""', 'DROP TABLE customers', 'SELECT 1; DROP TABLE customers']) {
        await expect(t.query(sql)).rejects.toThrow(UserError);
      }
      await writeTables(t, [[orders, orderRows()]]);
      await t.commit();
    } catch (err) {
      await t.abort();
      throw err;
    }
    expect(await count('orders')).toBe(50);
    expect(await stagingDatabases()).toBe(0);
  });

  it('says which server it cannot reach', async () => {
    const unreachable = resolveTarget('mysql://nobody:secret@127.0.0.1:1/none');
    await expect(unreachable.open()).rejects.toMatchObject({ problems: [expect.objectContaining({ code: 'TARGET_UNREACHABLE' })] });
    expect(unreachable.location).not.toContain('secret');
  });
});
