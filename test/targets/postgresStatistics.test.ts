import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { resolveTarget } from '../../engine/targets/resolveTarget';
import { describeWithServer, POSTGRES } from './servers';
import { customerRows, customers, orderRows, orders, writeAndCommit } from './tables';

describeWithServer(POSTGRES, 'PostgreSQL target statistics', (url) => {
  let admin: pg.Client;
  const schema = `hopify_test_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  it('analyses every table it loads, so the planner knows their sizes before autovacuum does', async () => {
    await writeAndCommit(resolveTarget(url, { schema, create: true }), [
      [customers, customerRows()],
      [orders, orderRows()],
    ]);
    const analysed = await admin.query(`SELECT relname FROM pg_stat_user_tables WHERE schemaname = $1 AND last_analyze IS NOT NULL ORDER BY 1`, [schema]);
    expect(analysed.rows.map((r) => r.relname)).toEqual(['customers', 'orders']);
    // The column statistics the planner reads are committed with the tables.
    const columns = await admin.query(`SELECT DISTINCT tablename FROM pg_stats WHERE schemaname = $1 ORDER BY 1`, [schema]);
    expect(columns.rows.map((r) => r.tablename)).toEqual(['customers', 'orders']);
  });
});
