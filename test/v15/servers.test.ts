import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadSpec, run } from '../../engine/index';
import { runChecks } from '../../engine/report/checks';
import { openDatabase, type DatabaseReader } from '../../engine/report/database';
import { reportKpis, type KpiRow } from '../../engine/report/kpis';
import { writtenTables } from '../../engine/sql/specSqlPieces';
import { cli } from '../helpers/cli';
import { writeSpec } from '../helpers/runSpec';
import { describeWithServer, MYSQL, POSTGRES, type Server } from '../targets/servers';
import { generate, V15_SPEC } from './v15Dataset';

const SCALE = 0.02;
const SPECS = resolve(__dirname, '../../specs');
const AS_OF = String(loadSpec(V15_SPEC).spec.as_of);

/** The KPI figures of a report, rounded to 6 significant digits (sums in another order differ in the last bits): the same data must measure the same on every database. */
const figures = (rows: KpiRow[]) => rows.map((r) => [r.metric, r.segment, r.period, r.actual === null ? null : Number(r.actual.toPrecision(6))]);

/** v15 into a real server (its own schema or database, dropped after): the context SQL runs there, the checks pass, the KPIs match SQLite's. */
function describeV15On(server: Server, drop: (url: string, schema: string) => Promise<void>): void {
  describeWithServer(server, `v15 on ${server.name}`, (url) => {
    const schema = `hopify_v15_${randomBytes(4).toString('hex')}`;
    const spec = writeSpec(`extends: ${JSON.stringify(V15_SPEC)}\n`);
    let db: DatabaseReader;

    beforeAll(async () => {
      await run(spec, { target: url, schema, create: true, scale: SCALE, allowPaths: [SPECS] });
      db = await openDatabase(url, { schema, tables: writtenTables(loadSpec(V15_SPEC).spec) });
    }, 120_000);
    afterAll(async () => {
      await db?.close();
      await drop(url, schema);
      rmSync(dirname(spec), { recursive: true, force: true });
    });

    it('passes every check of the spec, with no violation', async () => {
      const results = await runChecks(loadSpec(V15_SPEC).spec, db, AS_OF);
      expect(results.filter((r) => r.violations > 0 || r.error)).toEqual([]);
      expect(results.length).toBeGreaterThan(30);
    });

    it('is what the check and report commands read with --schema', () => {
      const check = cli(['check', V15_SPEC, '--db', url, '--schema', schema]);
      expect(check.stderr).toBe('');
      expect(check.stdout).toMatch(new RegExp(`(\\d+) of \\1 checks pass on .*\\b${schema}\\b`));
      expect(check.status).toBe(0);
      const report = cli(['report', V15_SPEC, '--db', url, '--schema', schema, '--json']);
      expect(report.status).toBe(0);
      expect(JSON.parse(report.stdout).summary).toMatchObject({ noMetric: 0, noValue: 0 });
    });

    it('measures every KPI as SQLite does', async () => {
      const sqlite = await generate(V15_SPEC, SCALE);
      try {
        const [here, there] = await Promise.all([reportKpis(V15_SPEC, { db: url, schema }), reportKpis(V15_SPEC, { db: sqlite.dbPath })]);
        expect(here.summary.noValue).toBe(0);
        expect(figures(here.rows)).toEqual(figures(there.rows));
      } finally {
        sqlite.close();
      }
    }, 120_000);
  });
}

describeV15On(POSTGRES, async (url, schema) => {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => admin.end());
});

describeV15On(MYSQL, async (url, database) => {
  const { default: mysql } = await import('mysql2/promise');
  const { hostname, port, username, password } = new URL(url);
  const admin = await mysql.createConnection({ host: hostname, port: Number(port || 3306), user: decodeURIComponent(username), password: decodeURIComponent(password) });
  await admin.query(`DROP DATABASE IF EXISTS \`${database}\``).finally(() => admin.end());
});
