/**
 * `node dist/benchmarks/scaleout.js [--quick] [--rounds R]`: what `--shard` and `--workers` buy.
 * For each spec, to CSV and to Parquet: each of 2 shards alone (once, for w); then R rounds
 * (default 5), alternating, of one process, 2 shards side by side, and one process with
 * `--workers 2`; the median of each, and in how many rounds `--workers` beat one process. Wall and CPU seconds (user + system, via /usr/bin/time): on a shared
 * machine, wall time measures the other jobs too, CPU seconds the work itself.
 * w is the share of a single run's CPU that every shard repeats (tables later tables read
 * are generated whole by every shard): a shard of N costs about C1·(w + (1 − w)/N).
 * docs/scale-out.md records the figures and the sizing derived from them.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const quick = process.argv.includes('--quick');
const roundsAt = process.argv.indexOf('--rounds');
const ROUNDS = roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : 5;
const SHARDS = 2;
// Parquet of per_parent.yaml at scale 5 takes 2 s, too short to measure threads against their start-up.
const CASES = [
  { name: 'per_parent.yaml', spec: 'benchmarks/specs/per_parent.yaml', scale: { csv: quick ? '1' : '5', parquet: quick ? '5' : '25' } },
  { name: 'v15.yaml', spec: 'specs/v15.yaml', scale: { csv: quick ? '0.2' : '1', parquet: quick ? '0.2' : '1' } },
];
const work = mkdtempSync(join(tmpdir(), 'hopify-scaleout-'));
let runs = 0;

interface Timed {
  wall: number;
  cpu: number;
  rows: number;
}

/** One CLI run as users start it, timed by /usr/bin/time. */
function runCli(args: string[]): Promise<Timed> {
  const timing = join(work, `time-${runs++}`);
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', '%e %U %S', '-o', timing, process.execPath, join(ROOT, 'bin', 'hopify-engine.js'), 'run', ...args, '--json'], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => {
      if (status !== 0) return reject(new Error(`run ${args.join(' ')} failed (${status}): ${stderr}`));
      const [wall, user, system] = readFileSync(timing, 'utf8').trim().split(/\s+/).slice(-3).map(Number);
      resolve({ wall, cpu: user + system, rows: JSON.parse(stdout).rows });
    });
  });
}

const format = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pair = (t: Timed) => `${format(t.wall)} / ${format(t.cpu)}`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const medianOf = (runs: Timed[]): Timed => ({ wall: median(runs.map((t) => t.wall)), cpu: median(runs.map((t) => t.cpu)), rows: runs[0].rows });

/** The N shards started together, as on N machines; wall time until the last one ends. */
async function sideBySide(args: string[]): Promise<Timed> {
  const started = performance.now();
  const shards = await Promise.all(Array.from({ length: SHARDS }, (_, k) => runCli([...args, '--shard', `${k}/${SHARDS}`])));
  return { wall: (performance.now() - started) / 1000, cpu: shards.reduce((sum, t) => sum + t.cpu, 0), rows: shards.reduce((sum, t) => sum + t.rows, 0) };
}

async function main(): Promise<void> {
  console.log(`load average before: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}; medians of ${ROUNDS} rounds`);
  console.log(`| spec | target | rows | 1 process wall / CPU s | rows per CPU s | ${SHARDS} shards side by side, wall / CPU s | --workers ${SHARDS} wall / CPU s | --workers speed-up | w |`);
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [c, kind] of CASES.flatMap((c) => [[c, 'csv'], [c, 'parquet']] as const)) {
    const args = (out: string) => [c.spec, '--scale', c.scale[kind], '--target', `${kind}:${join(work, `${kind}-${out}`)}`];
    const alone: Timed[] = [];
    for (let k = 0; k < SHARDS; k++) alone.push(await runCli([...args('alone'), '--shard', `${k}/${SHARDS}`]));
    const singles: Timed[] = [];
    const together: Timed[] = [];
    const threads: Timed[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      singles.push(await runCli(args('single')));
      together.push(await sideBySide(args('together')));
      threads.push(await runCli([...args('workers'), '--workers', String(SHARDS)]));
    }
    const single = medianOf(singles);
    const workers = medianOf(threads);
    const meanShard = alone.reduce((sum, t) => sum + t.cpu, 0) / SHARDS;
    // c_shard = C1·(w + (1 − w)/N), solved for w.
    const w = (meanShard / single.cpu - 1 / SHARDS) / (1 - 1 / SHARDS);
    console.log(
      `| ${c.name}, scale ${c.scale[kind]} | ${kind} | ${format(single.rows, 0)} | ${pair(single)} | ${format(single.rows / single.cpu, 0)} | ${pair(medianOf(together))} | ${pair(workers)} | ${format(single.wall / workers.wall, 2)}× | ${format(w, 2)} |`,
    );
    const wins = threads.filter((t, round) => t.wall < singles[round].wall).length;
    console.log(`  --workers faster than 1 process in ${wins} of ${ROUNDS} rounds; rounds: 1 process ${singles.map(pair).join(', ')}; side by side ${together.map(pair).join(', ')}; --workers ${threads.map(pair).join(', ')}`);
  }
  console.log(`load average after: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  rmSync(work, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
