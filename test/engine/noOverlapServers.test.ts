/** The check of a no_overlap rule is portable SQL: on PostgreSQL and MariaDB it finds what it finds on SQLite. */
import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import { compileSpecFile, run } from '../../engine/index';
import { openDatabase } from '../../engine/report/database';
import { runChecks } from '../../engine/report/checks';
import { writtenTables } from '../../engine/sql/specSqlPieces';
import { runSpec, writeSpec } from '../helpers/runSpec';
import { MYSQL, POSTGRES, describeWithServer, type Server } from '../targets/servers';
import { loansSpec, RULE } from './loansSpec';

const WITH_RULE = writeSpec(loansSpec({ rule: RULE }));
const WITHOUT_RULE = writeSpec(loansSpec());

/** Violations of the rule's check in a database, as the spec with the rule checks it. */
async function overlapsFound(where: string, schema?: string): Promise<number> {
  const compiled = compileSpecFile(WITH_RULE, { target: where });
  const db = await openDatabase(where, { schema, tables: writtenTables(compiled.spec) });
  try {
    const result = (await runChecks(compiled.spec, db, '2025-06-30')).find((r) => r.name === 'loans.no_overlap.copy_id')!;
    expect(result.error).toBeUndefined();
    return result.violations;
  } finally {
    await db.close();
  }
}

let onSqlite: number;
beforeAll(async () => {
  const without = await runSpec(loansSpec());
  try {
    onSqlite = await overlapsFound(without.dbPath);
  } finally {
    without.close();
  }
  expect(onSqlite).toBeGreaterThan(20);
});

function onServer(server: Server, client: string, drop: (name: string) => string): void {
  describeWithServer(server, `the no_overlap check on ${server.name}`, (url) => {
    it('passes on rows made with the rule and finds as many overlaps as on SQLite in rows made without it', async () => {
      const names = [1, 2].map(() => `hopify_overlap_${randomBytes(4).toString('hex')}`);
      const knex = knexFactory({ client, connection: url });
      try {
        await run(WITH_RULE, { target: url, schema: names[0], create: true });
        await run(WITHOUT_RULE, { target: url, schema: names[1], create: true });
        expect(await overlapsFound(url, names[0])).toBe(0);
        expect(await overlapsFound(url, names[1])).toBe(onSqlite);
      } finally {
        for (const name of names) await knex.raw(drop(name));
        await knex.destroy();
      }
    }, 60_000);
  });
}

onServer(POSTGRES, 'pg', (name) => `DROP SCHEMA IF EXISTS "${name}" CASCADE`);
onServer(MYSQL, 'mysql2', (name) => `DROP DATABASE IF EXISTS \`${name}\``);
