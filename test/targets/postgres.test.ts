import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { UserError } from '../../engine/errors/problem';
import { resolveTarget } from '../../engine/targets/resolveTarget';
import { describeWithServer, POSTGRES } from './servers';
import { AWKWARD_TEXTS, customerRows, customers, orderRows, orders, writeAndCommit, writeTables } from './tables';

describeWithServer(POSTGRES, 'PostgreSQL target', (url) => {
  let admin: pg.Client;
  let schema: string;
  const target = () => resolveTarget(url, { schema, create: true });

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  });
  afterAll(() => admin.end());
  beforeEach(() => {
    schema = `hopify_test_${randomBytes(4).toString('hex')}`;
  });
  afterEach(() => admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));

  const select = async (sql: string) => (await admin.query(sql)).rows;
  const stagingSchemas = async () => (await select(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'staging\_%'`)).length;

  it('creates typed tables with primary, unique and foreign keys and indexes', async () => {
    await writeAndCommit(target(), [[customers, customerRows()], [orders, orderRows()]]);
    const types = await select(`SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = '${schema}' ORDER BY table_name, ordinal_position`);
    expect(types.filter((c) => c.table_name === 'customers').map((c) => `${c.column_name}:${c.data_type}`)).toEqual([
      'id:bigint',
      'name:text',
      'note:text',
      'score:double precision',
      'active:smallint',
      'born:date',
      'seen:timestamp without time zone',
      'segment:text',
    ]);
    expect(types.find((c) => c.column_name === 'name').is_nullable).toBe('NO');
    const constraints = await select(
      `SELECT tc.table_name, tc.constraint_type, kcu.column_name FROM information_schema.table_constraints tc
       JOIN information_schema.key_column_usage kcu USING (constraint_schema, constraint_name)
       WHERE tc.table_schema = '${schema}' ORDER BY 1, 2, 3`,
    );
    expect(constraints.map((c) => `${c.table_name}.${c.column_name}:${c.constraint_type}`)).toEqual([
      'customers.id:PRIMARY KEY',
      'customers.name:UNIQUE',
      'orders.customer_id:FOREIGN KEY',
      'orders.id:PRIMARY KEY',
    ]);
    const indexes = await select(`SELECT indexname FROM pg_indexes WHERE schemaname = '${schema}' ORDER BY 1`);
    expect(indexes.map((i) => i.indexname)).toEqual(expect.arrayContaining(['customers_segment_idx', 'orders_customer_id_placed_idx']));
    expect(await stagingSchemas()).toBe(0);
  });

  it('round-trips every value exactly: NULLs, quotes, separators, backslashes, unicode', async () => {
    await writeAndCommit(target(), [[customers, customerRows()], [orders, orderRows()]]);
    const rows = await select(
      `SELECT id::int, name, note, score, active, to_char(born, 'YYYY-MM-DD') AS born, to_char(seen, 'YYYY-MM-DD HH24:MI:SS') AS seen, segment FROM "${schema}".customers ORDER BY id`,
    );
    expect(rows.map((r) => Object.values(r))).toEqual(customerRows());
    expect(rows.map((r) => r.note).slice(0, AWKWARD_TEXTS.length)).toEqual(AWKWARD_TEXTS);
    const placed = await select(`SELECT to_char(placed, 'YYYY-MM-DD') AS placed FROM "${schema}".orders ORDER BY id LIMIT 2`);
    expect(placed).toEqual([{ placed: '2024-03-01' }, { placed: '2024-03-02' }]);
  });

  it('replaces the previous tables at commit and leaves them untouched on abort', async () => {
    await writeAndCommit(target(), [[customers, customerRows()]]);
    const second = target();
    await second.open();
    await writeTables(second, [[customers, customerRows().slice(0, 2)]]);
    await second.createTable(orders);
    await second.writeRows(orders, orderRows(2).flat(), 2);
    await second.abort();
    expect((await select(`SELECT count(*)::int AS n FROM "${schema}".customers`))[0].n).toBe(customerRows().length);
    expect(await stagingSchemas()).toBe(0);

    await writeAndCommit(target(), [[customers, customerRows().slice(0, 2)]]);
    expect((await select(`SELECT count(*)::int AS n FROM "${schema}".customers`))[0].n).toBe(2);
  });

  it('keeps the previous data when a value fails mid-write', async () => {
    await writeAndCommit(target(), [[customers, customerRows()], [orders, orderRows()]]);
    const bad = orderRows(40);
    bad[30][2] = 'not a number';
    const failing = writeAndCommit(target(), [[customers, customerRows()], [orders, bad]]);
    await expect(failing).rejects.toMatchObject({ problems: [expect.objectContaining({ code: 'TARGET_WRITE_FAILED' })] });
    expect((await select(`SELECT count(*)::int AS n FROM "${schema}".orders`))[0].n).toBe(50);
    expect((await select(`SELECT count(*)::int AS n FROM "${schema}".customers`))[0].n).toBe(customerRows().length);
    expect(await stagingSchemas()).toBe(0);
  });

  it('reports a broken reference as a constraint error', async () => {
    const orphans = orderRows(3);
    orphans[1][1] = 999;
    await expect(writeAndCommit(target(), [[customers, customerRows()], [orders, orphans]])).rejects.toMatchObject({ problems: [expect.objectContaining({ code: 'RUN_CONSTRAINT' })] });
  });

  it('queries the tables written so far, read-only, with engine-shaped values', async () => {
    const t = target();
    await t.open();
    try {
      await writeTables(t, [[customers, customerRows()]]);
      const rows = await t.query('SELECT count(*) AS n, max(id) AS top, min(born) AS first, max(active) AS any, bool_or(active = 1) AS truth FROM customers');
      expect(rows).toEqual([{ n: customerRows().length, top: customerRows().length, first: '1970-01-01', any: 1, truth: 1 }]);
      for (const sql of ['DELETE FROM customers', 'COMMIT', 'WITH gone AS (DELETE FROM customers RETURNING id) SELECT * FROM gone', 'SELECT 1; DROP TABLE customers']) {
        await expect(t.query(sql)).rejects.toThrow(UserError);
      }
      await writeTables(t, [[orders, orderRows()]]);
      await t.commit();
    } catch (err) {
      await t.abort();
      throw err;
    }
    expect((await select(`SELECT count(*)::int AS n FROM "${schema}".orders`))[0].n).toBe(50);
  });

  it('says which server it cannot reach', async () => {
    const unreachable = resolveTarget('postgres://nobody:secret@127.0.0.1:1/none');
    await expect(unreachable.open()).rejects.toMatchObject({ problems: [expect.objectContaining({ code: 'TARGET_UNREACHABLE' })] });
    expect(unreachable.location).not.toContain('secret');
  });
});
