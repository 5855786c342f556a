/**
 * TPC-H into SQLite beside its own limit: `node dist/benchmarks/tpchSqlite.js [--scale 1]`
 * measures, in one fresh process, L for lineitem's shape (raw better-sqlite3, prepared
 * 500-row INSERTs in one transaction, rows shaped like lineitem: its 16 columns, types and
 * primary key) and then the engine's first run of `specs/examples/tpch.yaml` at that scale
 * into a SQLite file (wall time of the whole call: loading, compiling, context queries,
 * indexes, the final key check) and its rows written (the order plan is not). Prints
 * `{ limit, engine }` as JSON; benchmarks/run.ts prints the ratio as `tpch_sf1_sqlite_vs_L`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../engine/index';
import { parkMiller, timeRawInserts } from './rawInserts';

const ROOT = join(__dirname, '..', '..');
/** L's rows: enough that its fixed costs weigh nothing, few enough to take seconds. */
const LIMIT_ROWS = 1_000_000;

export interface TpchSqliteFigure {
  rows: number;
  seconds: number;
  /** CPU time of the process (every thread) meanwhile: on a machine other jobs load, a steadier ratio. */
  cpuSeconds: number;
}

export interface TpchSqlitePair {
  limit: TpchSqliteFigure;
  engine: TpchSqliteFigure;
}

/** lineitem as the SQLite target creates it, without its foreign keys (the engine writes with foreign_keys off too). */
const LINEITEM = `CREATE TABLE lineitem (l_orderkey INTEGER not null, l_partkey INTEGER not null, l_suppkey INTEGER not null,
  l_linenumber INTEGER not null, l_quantity DECIMAL(15,2) not null, l_extendedprice DECIMAL(15,2) not null,
  l_discount DECIMAL(15,2) not null, l_tax DECIMAL(15,2) not null, l_returnflag CHAR(1) not null, l_linestatus CHAR(1) not null,
  l_shipdate TEXT not null, l_commitdate TEXT not null, l_receiptdate TEXT not null, l_shipinstruct CHAR(25) not null,
  l_shipmode CHAR(10) not null, l_comment VARCHAR(44) not null, primary key (l_orderkey, l_linenumber))`;
const WIDTH = 16;

/** L: rows like lineitem's (1–7 lines per sparse order key, prices, ISO dates, short texts), made before the clock starts. */
export function measureLineitemLimit(work: string, rows = LIMIT_ROWS): TpchSqliteFigure {
  const next = parkMiller();
  const day = (offset: number) => new Date(Date.UTC(1992, 0, 1) + Math.floor(offset) * 86_400_000).toISOString().slice(0, 10);
  const instructions = ['DELIVER IN PERSON', 'COLLECT COD', 'NONE', 'TAKE BACK RETURN'];
  const modes = ['REG AIR', 'AIR', 'RAIL', 'SHIP', 'TRUCK', 'MAIL', 'FOB'];
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const values: unknown[] = [];
  let order = 1;
  let line = 0;
  let lines = 1;
  for (let i = 0; i < rows; i++) {
    if (++line > lines) {
      order += (order - 1) % 32 === 7 ? 25 : 1;
      line = 1;
      lines = 1 + Math.floor(next() * 7);
    }
    const quantity = 1 + Math.floor(next() * 50);
    const shipped = next() * 2400;
    let comment = '';
    for (let c = 10 + Math.floor(next() * 34); c > 0; c--) comment += letters[Math.floor(next() * 26)];
    values.push(
      order, 1 + Math.floor(next() * 200_000), 1 + Math.floor(next() * 10_000), line, quantity,
      Math.round(quantity * (900 + next() * 1100) * 100) / 100, Math.floor(next() * 11) / 100, Math.floor(next() * 9) / 100,
      next() < 0.5 ? 'N' : 'R', next() < 0.5 ? 'O' : 'F', day(shipped), day(shipped + 30), day(shipped + 1 + next() * 30),
      instructions[Math.floor(next() * 4)], modes[Math.floor(next() * 7)], comment,
    );
  }
  const { seconds, cpuSeconds } = timeRawInserts(join(work, 'lineitem-limit.db'), LINEITEM, 'lineitem', WIDTH, values);
  return { rows, seconds, cpuSeconds };
}

/** L and then the engine's first run, in this process. */
async function measureHere(scale: number): Promise<TpchSqlitePair> {
  const work = mkdtempSync(join(tmpdir(), 'hopify-tpch-sqlite-'));
  try {
    const limit = measureLineitemLimit(work);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = await run(join(ROOT, 'specs', 'examples', 'tpch.yaml'), { target: join(work, 'tpch.db'), scale });
    const seconds = (performance.now() - started) / 1000;
    const cpuSeconds = cpuSince(cpu);
    // Rows written, as dbgen's rate counts them: the internal order plan is not.
    const rows = result.tables.reduce((sum, table) => sum + (table.written ? table.rows : 0), 0);
    return { limit, engine: { rows, seconds, cpuSeconds } };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1e6;
}

/** The pair measured in a fresh process (the engine's first run pays what a CLI run pays). */
export function measureTpchSqlite(scale: number): TpchSqlitePair {
  const child = spawnSync(process.execPath, [__filename, '--scale', String(scale)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`the TPC-H SQLite run failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as TpchSqlitePair;
}

if (require.main === module) {
  const scaleArg = process.argv.indexOf('--scale');
  measureHere(scaleArg >= 0 ? Number(process.argv[scaleArg + 1]) : 1)
    .then((pair) => process.stdout.write(`${JSON.stringify(pair)}\n`))
    .catch((err) => {
      process.stderr.write(`${(err as Error).stack}\n`);
      process.exitCode = 1;
    });
}
