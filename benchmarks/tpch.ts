/**
 * TPC-H (`specs/examples/tpch.yaml`) into files beside the same run into SQLite, each in a
 * fresh CLI process: rows/s into Parquet, and peak RSS (the child's own maxRSS) of Parquet,
 * CSV and SQLite runs at two scales.
 *
 *   npx tsc -p tsconfig.json && node dist/benchmarks/tpch.js [--scale 1] [--small 0.1] [--targets parquet,csv,sqlite]
 *
 * benchmarks/run.ts prints `tpch_sf1_parquet_rows_per_s`, `tpch_rss_parquet_over_sqlite` and
 * `tpch_rss_sf1_over_sf01` from these.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMeasuredCli } from './measuredCli';

const ROOT = join(__dirname, '..', '..');
const TPCH = join(ROOT, 'specs', 'examples', 'tpch.yaml');

export type TpchTarget = 'parquet' | 'csv' | 'sqlite';

/** One CLI run of TPC-H in a fresh process. */
export interface TpchRun {
  target: TpchTarget;
  scale: number;
  /** Rows written (tables with `write: false` are not). */
  rows: number;
  /** Wall time of the run as the CLI reports it (loading and compiling included). */
  seconds: number;
  /** The child's user + system CPU time: every thread, DuckDB's included. */
  cpuSeconds: number;
  peakRssMiB: number;
}

/** `run specs/examples/tpch.yaml --scale <scale>` into a fresh output of `target`, in a child process that reports its own peak RSS and CPU time. */
export function runTpch(target: TpchTarget, scale: number, extraArgs: string[] = []): TpchRun {
  const work = mkdtempSync(join(tmpdir(), 'hopify-tpch-'));
  try {
    const where = target === 'sqlite' ? join(work, 'tpch.db') : `${target}:${join(work, 'tpch')}`;
    const measured = runMeasuredCli(['run', TPCH, '--scale', String(scale), '--target', where, '--json', ...extraArgs]);
    const summary = JSON.parse(measured.stdout) as { seconds: number; tables: { rows: number; written: boolean }[] };
    // Rows written, as dbgen's rate counts them: the internal order plan is not.
    const rows = summary.tables.reduce((sum, t) => sum + (t.written ? t.rows : 0), 0);
    return { target, scale, rows, seconds: summary.seconds, cpuSeconds: measured.cpuSeconds, peakRssMiB: measured.peakRssMiB };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A line of the bench's table. */
export function describeRun(run: TpchRun): string {
  const name = `TPC-H SF${run.scale} into ${run.target}`;
  return `${name.padEnd(30)} ${String(run.rows).padStart(9)} rows ${run.seconds.toFixed(1).padStart(6)} s ${Math.round(run.rows / run.seconds).toString().padStart(8)} rows/s  cpu ${run.cpuSeconds.toFixed(1)} s  peak RSS ${run.peakRssMiB.toFixed(0)} MiB`;
}

/**
 * The bench's TPC-H lines: SF1 into Parquet (rows/s), into SQLite, and SF0.1 into Parquet,
 * each a fresh process; `tpch_rss_parquet_over_sqlite` at SF1 and `tpch_rss_sf1_over_sf01`
 * for Parquet. `quick` measures SF 0.05 and SF 0.01 instead, and says so.
 */
export function tpchBenchLines(quick: boolean): string {
  const [large, small] = quick ? [0.05, 0.01] : [1, 0.1];
  const parquet = runTpch('parquet', large);
  // Not the tpch_sf1_sqlite_vs_L run: that process also holds L's million rows, which its peak RSS would count.
  const sqlite = runTpch('sqlite', large);
  const parquetSmall = runTpch('parquet', small);
  const lines = [parquet, sqlite, parquetSmall].map(describeRun);
  const rate = Math.round(parquet.rows / parquet.seconds);
  const overSqlite = (parquet.peakRssMiB / sqlite.peakRssMiB).toFixed(2);
  const overSmall = (parquet.peakRssMiB / parquetSmall.peakRssMiB).toFixed(2);
  if (quick) {
    lines.push(`tpch_sf1_parquet_rows_per_s=skipped (--quick: SF 0.05 ${rate} rows/s)`);
    lines.push(`tpch_rss_parquet_over_sqlite=${overSqlite} (--quick: at SF 0.05)`);
    lines.push(`tpch_rss_sf1_over_sf01=skipped (--quick: SF 0.05 ÷ SF 0.01 ${overSmall})`);
  } else {
    lines.push(`tpch_sf1_parquet_rows_per_s=${rate}`, `tpch_rss_parquet_over_sqlite=${overSqlite}`, `tpch_rss_sf1_over_sf01=${overSmall}`);
  }
  return `${lines.join('\n')}\n`;
}

function argument(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : fallback;
}

if (require.main === module) {
  const scale = Number(argument('--scale', '1'));
  const small = Number(argument('--small', '0.1'));
  const targets = argument('--targets', 'parquet,csv,sqlite').split(',') as TpchTarget[];
  for (const target of targets) {
    for (const s of [small, scale]) process.stdout.write(`${describeRun(runTpch(target, s))}\n`);
  }
}
