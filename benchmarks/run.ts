/**
 * `npm run bench [-- --quick]`: the engine end to end beside the raw SQLite limit L,
 * measured in the same run, plus a hand-written Python baseline and peak memory.
 * Prints a table; the last line is `ratio_vs_limit=<engine rows/s ÷ L>` for the simple table.
 * The simple table and v15 are each the median of three fresh processes that measure L and
 * then the engine's first run, so that both sides of a ratio see the same load.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileSpecFile, run } from '../engine/index';
import { runCompiled } from '../engine/run/runCompiled';
import type { Target } from '../engine/targets/target';
import { runMeasuredCli } from './measuredCli';
import { parkMiller, timeRawInserts } from './rawInserts';
import { tpchBenchLines } from './tpch';
import { measureTpchSqlite } from './tpchSqlite';

const ROOT = join(__dirname, '..', '..');
const quick = process.argv.includes('--quick');
/** 1M rows even when quick: with fewer, the run's fixed start-up (~0.15 s) weighs more than it does on real tables. */
const SIMPLE_ROWS = 1_000_000;
/** The Python baseline's rate does not depend on the count: quick measures it on fewer rows. */
const PYTHON_ROWS = quick ? 200_000 : SIMPLE_ROWS;
const work = mkdtempSync(join(tmpdir(), 'hopify-bench-'));

interface Figure {
  name: string;
  rows: number;
  seconds: number;
  note?: string;
  /** L measured beside this figure, in the same fresh process; others are compared with the simple table's L. */
  limitRate?: number;
}

/** L: the same 6-column rows, prepared 500-row INSERTs through better-sqlite3 in one transaction. */
function measureLimit(rows: number): Figure {
  const values: unknown[] = [];
  const next = parkMiller();
  const statuses = ['ok', 'failed', 'pending'];
  for (let i = 1; i <= rows; i++) {
    const ts = new Date(Date.UTC(2024, 5, 30) + Math.floor(next() * 31_536_000_000)).toISOString().slice(0, 19).replace('T', ' ');
    values.push(i, 1 + Math.floor(next() * 1000), ts, statuses[Math.floor(next() * 3)], Math.round(next() * 49900) / 100, 'web');
  }
  const { seconds } = timeRawInserts(join(work, 'limit.db'), 'CREATE TABLE events (event_id INTEGER PRIMARY KEY, account_id INTEGER, created_at TEXT, status TEXT, amount REAL, source TEXT)', 'events', 6, values);
  return { name: 'limit L (raw better-sqlite3, 500-row INSERT)', rows, seconds };
}

async function measureSpec(name: string, spec: string, options: { scale?: number; set?: string[] } = {}): Promise<Figure> {
  // Wall time of the whole call: loading, validating and compiling (pools included) count too.
  const started = performance.now();
  const result = await run(join(ROOT, spec), { target: join(work, `${name.replace(/\W+/g, '_')}.db`), ...options });
  return { name, rows: result.rows, seconds: (performance.now() - started) / 1000, note: `${result.tables.length} tables` };
}

/** A target that drops every row: what generating and formatting cost without writing. */
const DISCARD: Target = {
  capabilities: { sql: false, foreignKeys: false },
  location: 'nowhere',
  open: async () => undefined,
  createTable: async () => undefined,
  writeRows: () => undefined,
  endTable: async () => undefined,
  query: async () => [],
  commit: async () => undefined,
  abort: async () => undefined,
};

async function measureGenerationOnly(name: string, spec: string, set: string[]): Promise<Figure> {
  const started = performance.now();
  const result = await runCompiled(compileSpecFile(join(ROOT, spec), { set }), DISCARD);
  return { name, rows: result.rows, seconds: (performance.now() - started) / 1000, note: 'rows made and formatted, not written' };
}

function pythonBaseline(rows: number): Figure | undefined {
  try {
    const rate = Number(execFileSync('python3', [join(ROOT, 'benchmarks', 'python_baseline.py'), String(rows)], { encoding: 'utf8' }).trim());
    return { name: 'hand-written Python (random + executemany)', rows, seconds: rows / rate };
  } catch {
    return undefined;
  }
}

/** Peak RSS of a whole CLI run in a fresh process, in MiB. */
function peakRssMiB(spec: string, scale: number): number {
  return runMeasuredCli(['run', join(ROOT, spec), '--scale', String(scale), '--quiet', '--out', join(work, `rss-${scale}.db`)]).peakRssMiB;
}

function rate(f: Figure): number {
  return f.rows / f.seconds;
}

const SIMPLE_SPEC = 'benchmarks/specs/simple.yaml';
const SIMPLE_SET = [`params.rows=${SIMPLE_ROWS}`];
const V15_SCALE = quick ? 0.1 : 1;
const SHOP_CUSTOMERS = quick ? 20_000 : 100_000;
/** Fresh processes measuring L and a spec side by side; a paired figure is their median ratio. */
const PAIRS = 3;

/** The figures measured beside L: the simple table (the headline) and v15. */
const PAIRED = {
  simple: { name: 'engine: simple 6-column table', spec: SIMPLE_SPEC, options: { set: SIMPLE_SET } },
  v15: { name: `engine: specs/v15.yaml whole (scale ${V15_SCALE})`, spec: 'specs/v15.yaml', options: { scale: V15_SCALE } },
  // The shop example as written (Faker names, emails, cities), scaled by its own param.
  shopFaker: { name: `engine: shop example, ${SHOP_CUSTOMERS / 1000}k customers`, spec: 'specs/examples/shop.yaml', options: { set: [`params.customers=${SHOP_CUSTOMERS}`] } },
};
type Paired = keyof typeof PAIRED;

interface Pair {
  limit: Figure;
  engine: Figure;
}

/**
 * `--pair <simple|v15>`: L, then the engine's first run in this process (it pays the
 * schema's compilation and the code's warm-up, as a CLI run does), as JSON for the parent.
 */
async function measurePair(which: Paired): Promise<void> {
  const limit = measureLimit(SIMPLE_ROWS);
  const engine = await measureSpec(PAIRED[which].name, PAIRED[which].spec, PAIRED[which].options);
  process.stdout.write(`${JSON.stringify({ limit, engine })}\n`);
}

/** Other jobs on the machine slow L or the engine at random: pairs measured close together, in fresh processes, and the median ratio kept. */
function medianPair(which: Paired): Pair {
  const pairs: Pair[] = [];
  for (let i = 0; i < PAIRS; i++) {
    const child = spawnSync(process.execPath, [__filename, '--pair', which, ...(quick ? ['--quick'] : [])], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`the L/engine pair failed: ${child.stderr}`);
    pairs.push(JSON.parse(child.stdout) as Pair);
  }
  const ratio = (p: Pair) => rate(p.engine) / rate(p.limit);
  pairs.sort((a, b) => ratio(a) - ratio(b));
  const median = pairs[Math.floor(PAIRS / 2)];
  const note = `median of ${PAIRS} pairs with their own L: ${pairs.map((p) => ratio(p).toFixed(3)).join(', ')}`;
  return { limit: { ...median.limit, note: `the simple table's median pair` }, engine: { ...median.engine, limitRate: rate(median.limit), note } };
}

async function main(): Promise<void> {
  const { limit, engine: simple } = medianPair('simple');
  // Warmed by a first run: what the engine costs once its code is optimised and the schema compiled.
  await measureSpec('warm-up', SIMPLE_SPEC, { set: SIMPLE_SET });
  const warm = await measureSpec('  same, second run in a process', SIMPLE_SPEC, { set: SIMPLE_SET });
  const generated = await measureGenerationOnly('  same, generation only', SIMPLE_SPEC, SIMPLE_SET);
  const figures: Figure[] = [limit, simple, warm, generated];
  const python = pythonBaseline(PYTHON_ROWS);
  if (python) figures.push(python);
  figures.push(await measureSpec('engine: Faker-heavy table', 'benchmarks/specs/faker.yaml', { scale: quick ? 0.2 : 1 }));
  figures.push(await measureSpec('  same, Faker pools', 'benchmarks/specs/faker_pooled.yaml', { scale: quick ? 0.2 : 1 }));
  figures.push(await measureSpec('  same, pooled name parts, email from name', 'benchmarks/specs/faker_fast.yaml', { scale: quick ? 0.2 : 1 }));
  figures.push(await measureSpec('engine: per-parent (orders → items)', 'benchmarks/specs/per_parent.yaml', { scale: quick ? 0.25 : 1 }));
  const v15 = medianPair('v15').engine;
  figures.push(v15);
  const shopFaker = medianPair('shopFaker').engine;
  figures.push(shopFaker);
  const L = rate(limit);
  const lines = figures.map((f) => `${f.name.padEnd(48)} ${String(f.rows).padStart(10)} rows ${f.seconds.toFixed(2).padStart(7)} s ${Math.round(rate(f)).toString().padStart(9)} rows/s  ratio_vs_limit ${(rate(f) / (f.limitRate ?? L)).toFixed(3)}${f.note ? `  (${f.note})` : ''}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (python) process.stdout.write(`engine simple ÷ Python: ${(rate(simple) / rate(python)).toFixed(2)}x\n`);
  const rssSpec = 'benchmarks/specs/per_parent.yaml';
  const [small, large] = quick ? [0.1, 1] : [1, 10];
  const rssSmall = peakRssMiB(rssSpec, small);
  const rssLarge = peakRssMiB(rssSpec, large);
  process.stdout.write(`peak RSS per_parent: scale ${small} ${rssSmall.toFixed(0)} MiB, scale ${large} ${rssLarge.toFixed(0)} MiB, ratio ${(rssLarge / rssSmall).toFixed(2)}\n`);
  process.stdout.write(`v15_vs_L=${(rate(v15) / v15.limitRate!).toFixed(3)}\n`);
  // TPC-H SF1 takes minutes: --quick leaves it out.
  if (!quick) {
    const { engine, limit: lineitemL } = measureTpchSqlite(1);
    const tpchRate = engine.rows / engine.seconds;
    const lineitemRate = lineitemL.rows / lineitemL.seconds;
    const cpuRatio = engine.rows / engine.cpuSeconds / (lineitemL.rows / lineitemL.cpuSeconds);
    process.stdout.write(`TPC-H SF1 into SQLite: ${engine.rows} rows in ${engine.seconds.toFixed(1)} s, ${Math.round(tpchRate)} rows/s; L for lineitem's shape ${Math.round(lineitemRate)} rows/s; by CPU time ${cpuRatio.toFixed(3)} of L\n`);
    process.stdout.write(`tpch_sf1_sqlite_vs_L=${(tpchRate / lineitemRate).toFixed(3)}\n`);
  }
  // TPC-H into Parquet beside SQLite, each in a fresh process (--quick: SF 0.05 and 0.01).
  process.stdout.write(tpchBenchLines(quick));
  process.stdout.write(`shop_faker_vs_L=${(rate(shopFaker) / shopFaker.limitRate!).toFixed(3)}\n`);
  process.stdout.write(`ratio_vs_limit=${(rate(simple) / rate(limit)).toFixed(3)}\n`);
}

const pairArg = process.argv.indexOf('--pair');
(pairArg >= 0 ? measurePair(process.argv[pairArg + 1] as Paired) : main())
  .catch((err) => {
    process.stderr.write(`${(err as Error).stack}\n`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(work, { recursive: true, force: true }));
