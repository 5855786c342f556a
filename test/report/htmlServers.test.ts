import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory from 'knex';
import { run } from '../../engine/index';
import { gatherReport, type ReportContent } from '../../engine/report/html/gatherReport';
import { MYSQL, POSTGRES, describeWithServer } from '../targets/servers';
import { V15_SPEC } from '../v15/v15Dataset';

const OPTIONS = { scale: 0.02 };

/** What the page draws and counts, numbers to 6 decimals (servers sum in other orders). */
function drawn(content: ReportContent) {
  const round = (v: number | null) => (v === null ? null : Math.round(v * 1e6) / 1e6);
  return {
    charts: content.charts.map(({ spec, data }) => ({ name: spec.name, labels: data.labels, datasets: data.datasets.map((d) => ({ label: d.label, values: d.values.map(round) })) })),
    tables: content.tables,
  };
}

let reference: ReturnType<typeof drawn>;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hopify-report-servers-'));
  try {
    const db = join(dir, 'v15.db');
    await run(V15_SPEC, { ...OPTIONS, target: db });
    reference = drawn(await gatherReport(V15_SPEC, { db }));
    expect(reference.charts.map((c) => [c.name, c.datasets.length > 0 && c.labels.length > 0])).toEqual(
      ['signups_vs_plan', 'mrr_by_segment', 'churn_by_segment', 'web_funnel', 'ticket_resolution'].map((name) => [name, true]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** v15's charts are portable SQL: the page draws the same data from every database. */
describeWithServer(POSTGRES, 'the v15 HTML report from PostgreSQL', (url) => {
  it('draws the same charts and counts the same rows as from SQLite', async () => {
    const schema = `hopify_report_${randomBytes(4).toString('hex')}`;
    const knex = knexFactory({ client: 'pg', connection: url });
    try {
      await run(V15_SPEC, { ...OPTIONS, target: url, schema, create: true });
      expect(drawn(await gatherReport(V15_SPEC, { db: url, schema }))).toEqual(reference);
    } finally {
      await knex.raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await knex.destroy();
    }
  });
});

describeWithServer(MYSQL, 'the v15 HTML report from MariaDB', (url) => {
  it('draws the same charts and counts the same rows as from SQLite', async () => {
    const database = `hopify_report_${randomBytes(4).toString('hex')}`;
    const knex = knexFactory({ client: 'mysql2', connection: url });
    try {
      await run(V15_SPEC, { ...OPTIONS, target: url, schema: database, create: true });
      expect(drawn(await gatherReport(V15_SPEC, { db: url, schema: database }))).toEqual(reference);
    } finally {
      await knex.raw(`DROP DATABASE IF EXISTS \`${database}\``);
      await knex.destroy();
    }
  });
});
