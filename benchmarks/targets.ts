/**
 * Rows per second through each target beside that target's own limit, measured
 * in the same run on the same rows:
 *   PostgreSQL   psql \copy of the rows as a CSV file
 *   MariaDB      LOAD DATA LOCAL INFILE of that CSV (mysql2)
 *   CSV          csv-stringify's stream API writing the rows to a file, row by row
 *   Parquet      DuckDB appending the same values as column arrays (data chunks) and writing typed Parquet
 *
 *   npx tsc -p tsconfig.json && node dist/benchmarks/targets.js [--rows 1000000] [--repeat 3] [--only postgres,mysql,csv,parquet]
 *
 * Servers come from HOPIFY_PG_URL / HOPIFY_MYSQL_URL (default: the local test
 * servers); one that does not answer is skipped with a line saying so.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import { stringify } from 'csv-stringify';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { UserError } from '../engine/errors/problem';
import { resolveTarget } from '../engine/targets/resolveTarget';
import type { ColumnDef, TableDef, Target } from '../engine/targets/target';
import { csvText } from '../engine/targets/text/csvText';

const BATCH_ROWS = 10_000;
const PG_URL = process.env.HOPIFY_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const MYSQL_URL = process.env.HOPIFY_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

const column = (name: string, type: ColumnDef['type'], primaryKey = false): ColumnDef => ({ name, type, primaryKey, notNull: primaryKey, unique: false, index: false });

/** integer id, integer fk, ISO datetime text, short status text, real amount, constant text. */
const EVENTS: TableDef = {
  name: 'bench_events',
  columns: [column('id', 'integer', true), column('account_id', 'integer'), column('happened_at', 'datetime'), column('status', 'text'), column('amount', 'real'), column('source', 'text')],
  primaryKey: ['id'],
  indexes: [],
};

interface Batch {
  values: unknown[];
  rowCount: number;
}

/** Deterministic rows in engine-sized flat batches. */
function makeBatches(rows: number): Batch[] {
  const statuses = ['active', 'trialing', 'past_due', 'canceled'];
  const start = Date.UTC(2021, 0, 1);
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const batches: Batch[] = [];
  for (let first = 0; first < rows; first += BATCH_ROWS) {
    const rowCount = Math.min(BATCH_ROWS, rows - first);
    const values: unknown[] = [];
    for (let i = 0; i < rowCount; i++) {
      const id = first + i + 1;
      values.push(id, 1 + Math.floor(random() * 100_000), new Date(start + Math.floor(random() * 94_608_000_000)).toISOString().slice(0, 19).replace('T', ' '), statuses[id % 4], Math.round(random() * 100_000) / 100, 'hopify');
    }
    batches.push({ values, rowCount });
  }
  return batches;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return (performance.now() - started) / 1000;
}

async function throughTarget(target: Target, batches: Batch[]): Promise<number> {
  return timed(async () => {
    await target.open();
    try {
      await target.createTable(EVENTS);
      for (const batch of batches) await target.writeRows(EVENTS, batch.values, batch.rowCount);
      await target.endTable(EVENTS);
      await target.commit();
    } catch (err) {
      await target.abort();
      throw err;
    }
  });
}

function writeCsvFile(path: string, batches: Batch[]): void {
  writeFileSync(path, batches.map((batch) => csvText(batch.values, batch.rowCount, EVENTS.columns.length)).join(''));
}

/** One target beside its limit, each timed as often as `--repeat` says. */
interface Runner {
  target: string;
  limit: string;
  /** Seconds to write all rows through the target, open to commit. */
  timeTarget(): Promise<number>;
  /** Seconds the limit takes for the same rows. */
  timeLimit(): Promise<number>;
  close(): Promise<void>;
}

type Bench = (batches: Batch[], scratch: string) => Promise<Runner | string>;

const BENCHES: Record<string, Bench> = {
  async postgres(batches, scratch) {
    const admin = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 5000 });
    try {
      await admin.connect();
    } catch (err) {
      return `skipped PostgreSQL: cannot reach ${PG_URL.replace(/:[^:@/]*@/, '@')} (${(err as Error).message}); set HOPIFY_PG_URL`;
    }
    const schema = `hopify_bench_${randomBytes(4).toString('hex')}`;
    const csv = join(scratch, 'events.csv');
    writeCsvFile(csv, batches);
    return {
      target: 'postgres (COPY text format)',
      limit: 'psql \\copy csv',
      timeTarget: () => throughTarget(resolveTarget(PG_URL, { schema }), batches),
      async timeLimit() {
        await admin.query(`DROP TABLE IF EXISTS "${schema}".limit_events`);
        await admin.query(`CREATE TABLE "${schema}".limit_events (id bigint PRIMARY KEY, account_id bigint, happened_at timestamp, status text, amount double precision, source text)`);
        return timed(async () => execFileSync('psql', [PG_URL, '-q', '-c', `\\copy "${schema}".limit_events from '${csv}' csv`], { stdio: ['ignore', 'ignore', 'inherit'] }));
      },
      async close() {
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await admin.end();
      },
    };
  },

  async mysql(batches, scratch) {
    let admin: mysql.Connection;
    try {
      admin = await mysql.createConnection({ uri: MYSQL_URL, connectTimeout: 5000 });
    } catch (err) {
      return `skipped MariaDB/MySQL: cannot reach ${MYSQL_URL.replace(/:[^:@/]*@/, '@')} (${(err as Error).message}); set HOPIFY_MYSQL_URL`;
    }
    const database = `hopify_bench_${randomBytes(4).toString('hex')}`;
    const csv = join(scratch, 'events.csv');
    writeCsvFile(csv, batches);
    await admin.query(`CREATE DATABASE \`${database}\``);
    return {
      target: 'mysql (LOAD DATA LOCAL INFILE, streamed)',
      limit: 'LOAD DATA LOCAL INFILE',
      timeTarget: () => throughTarget(resolveTarget(MYSQL_URL, { schema: database }), batches),
      async timeLimit() {
        await admin.query(`DROP TABLE IF EXISTS \`${database}\`.limit_events`);
        await admin.query(
          `CREATE TABLE \`${database}\`.limit_events (id BIGINT PRIMARY KEY, account_id BIGINT, happened_at DATETIME, status TEXT, amount DOUBLE, source TEXT) ENGINE=InnoDB CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`,
        );
        return timed(() =>
          admin.query({
            sql: `LOAD DATA LOCAL INFILE 'events.csv' INTO TABLE \`${database}\`.limit_events CHARACTER SET utf8mb4 FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '"' ESCAPED BY '' LINES TERMINATED BY '\\n'`,
            infileStreamFactory: () => createReadStream(csv),
          }),
        );
      },
      async close() {
        await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
        await admin.end();
      },
    };
  },

  async csv(batches, scratch) {
    const rows = batches.flatMap((b) => Array.from({ length: b.rowCount }, (_, r) => b.values.slice(r * 6, r * 6 + 6)));
    return {
      target: 'csv (csv-stringify, sync per batch)',
      limit: 'csv-stringify to a file',
      timeTarget: () => throughTarget(resolveTarget(`csv:${join(scratch, 'csv')}`), batches),
      timeLimit: () =>
        timed(async () => {
          const file = createWriteStream(join(scratch, 'limit.csv'));
          const stringifier = stringify({ header: true, columns: EVENTS.columns.map((c) => c.name), quoted_empty: true });
          stringifier.pipe(file);
          for (const row of rows) if (!stringifier.write(row)) await new Promise((resolve) => stringifier.once('drain', resolve));
          stringifier.end();
          await finished(file);
        }),
      close: async () => undefined,
    };
  },

  async parquet(batches, scratch) {
    // The limit starts from the same values (numbers, ISO text), already split into DuckDB-sized column arrays before timing.
    const { DOUBLE, VARCHAR, DuckDBDataChunk } = await import('@duckdb/node-api');
    const types = [DOUBLE, DOUBLE, VARCHAR, VARCHAR, DOUBLE, VARCHAR];
    const chunks: unknown[][][] = [];
    for (const batch of batches) {
      for (let first = 0; first < batch.rowCount; first += 2048) {
        const rows = Math.min(2048, batch.rowCount - first);
        chunks.push(types.map((_, column) => Array.from({ length: rows }, (_, row) => batch.values[(first + row) * 6 + column])));
      }
    }
    const duckdb = await DuckDBInstance.create(':memory:');
    const connection = await duckdb.connect();
    return {
      target: 'parquet (DuckDB data chunks, COPY TO parquet)',
      limit: 'DuckDB appending the same columns, COPY',
      timeTarget: () => throughTarget(resolveTarget(`parquet:${join(scratch, 'parquet')}`), batches),
      timeLimit: () =>
        timed(async () => {
          await connection.run('CREATE OR REPLACE TABLE limit_events (id DOUBLE, account_id DOUBLE, happened_at VARCHAR, status VARCHAR, amount DOUBLE, source VARCHAR)');
          const appender = await connection.createAppender('limit_events');
          for (const columns of chunks) {
            const chunk = DuckDBDataChunk.create(types, columns[0].length);
            chunk.setColumns(columns as never);
            appender.appendDataChunk(chunk);
          }
          appender.closeSync();
          const typed = 'CAST(id AS BIGINT) AS id, CAST(account_id AS BIGINT) AS account_id, CAST(happened_at AS TIMESTAMP) AS happened_at, status, amount, source';
          await connection.run(`COPY (SELECT ${typed} FROM limit_events) TO '${join(scratch, 'limit.parquet')}' (FORMAT parquet)`);
        }),
      async close() {
        connection.closeSync();
        duckdb.closeSync();
      },
    };
  },
};

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<void> {
  const rows = Number(option('rows') ?? 1_000_000);
  const repeat = Number(option('repeat') ?? 3);
  const only = option('only')?.split(',') ?? Object.keys(BENCHES);
  const batches = makeBatches(rows);
  const results: { runner: Runner; target: number; limit: number }[] = [];
  for (const name of only) {
    const scratch = mkdtempSync(join(tmpdir(), `hopify-bench-${name}-`));
    try {
      const runner = await BENCHES[name](batches, scratch);
      if (typeof runner === 'string') {
        console.log(runner);
        continue;
      }
      try {
        // Alternating, best of each: a busy machine slows single runs, rarely all of them.
        let target = Infinity;
        let limit = Infinity;
        for (let run = 0; run < repeat; run++) {
          target = Math.min(target, await runner.timeTarget());
          limit = Math.min(limit, await runner.timeLimit());
        }
        results.push({ runner, target, limit });
      } finally {
        await runner.close();
      }
    } catch (err) {
      console.log(`${name} failed: ${err instanceof UserError ? err.message : (err as Error).stack}`);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  const rate = (seconds: number) => Math.round(rows / seconds).toLocaleString('en-US');
  console.log(`\n${rows.toLocaleString('en-US')} rows × 6 columns, batches of ${BATCH_ROWS.toLocaleString('en-US')}, best of ${repeat}\n`);
  const table = [
    ['target', 'rows/s', 'limit', 'rows/s', 'ratio'],
    ...results.map((r) => [r.runner.target, rate(r.target), r.runner.limit, rate(r.limit), (r.limit / r.target).toFixed(2)]),
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  for (const row of table) console.log(row.map((cell, i) => (i === 1 || i === 3 || i === 4 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  '));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
