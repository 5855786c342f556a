/**
 * `node dist/benchmarks/scaleout.js [--quick]`: what `--shard` and `--workers` buy. For each
 * spec, to CSV and to Parquet: one process; each of 2 shards alone; 2 shards side by side;
 * one process with `--workers 2`; and into SQLite, one process against `--workers 2` (the
 * threads generate, the main thread writes). Wall and CPU seconds (user + system, via /usr/bin/time):
 * on a shared machine, wall time measures the other jobs too, CPU seconds the work itself.
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
const SHARDS = 2;
const CASES = [
  { name: 'per_parent.yaml', spec: 'benchmarks/specs/per_parent.yaml', scale: quick ? '1' : '5' },
  { name: 'v15.yaml', spec: 'specs/v15.yaml', scale: quick ? '0.2' : '1' },
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

async function main(): Promise<void> {
  console.log(`load average before: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  console.log(`| spec | target | rows | 1 process wall / CPU s | rows per CPU s | shard 0 alone | shard 1 alone | ${SHARDS} shards side by side, wall s | --workers ${SHARDS} wall / CPU s | w |`);
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [c, kind] of CASES.flatMap((c) => [[c, 'csv'], [c, 'parquet']] as const)) {
    const args = (out: string) => [c.spec, '--scale', c.scale, '--target', `${kind}:${join(work, `${kind}-${out}`)}`];
    const single = await runCli(args('single'));
    const alone: Timed[] = [];
    for (let k = 0; k < SHARDS; k++) alone.push(await runCli([...args('alone'), '--shard', `${k}/${SHARDS}`]));
    const started = performance.now();
    await Promise.all(Array.from({ length: SHARDS }, (_, k) => runCli([...args('together'), '--shard', `${k}/${SHARDS}`])));
    const together = (performance.now() - started) / 1000;
    const threads = await runCli([...args('workers'), '--workers', String(SHARDS)]);
    const meanShard = alone.reduce((sum, t) => sum + t.cpu, 0) / SHARDS;
    // c_shard = C1·(w + (1 − w)/N), solved for w.
    const w = (meanShard / single.cpu - 1 / SHARDS) / (1 - 1 / SHARDS);
    console.log(
      `| ${c.name}, scale ${c.scale} | ${kind} | ${format(single.rows, 0)} | ${pair(single)} | ${format(single.rows / single.cpu, 0)} | ${alone.map(pair).join(' | ')} | ${format(together)} | ${pair(threads)} | ${format(w, 2)} |`,
    );
  }
  console.log(`\n| spec | SQLite: 1 process wall / CPU s | --workers ${SHARDS} wall / CPU s | wall speed-up |`);
  console.log('| --- | ---: | ---: | ---: |');
  for (const c of CASES) {
    const args = (out: string) => [c.spec, '--scale', c.scale, '--out', join(work, `${out}.db`)];
    const single = await runCli(args('single'));
    const threads = await runCli([...args('workers'), '--workers', String(SHARDS)]);
    console.log(`| ${c.name}, scale ${c.scale} | ${pair(single)} | ${pair(threads)} | ${format(single.wall / threads.wall, 2)}× |`);
  }
  console.log(`load average after: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  rmSync(work, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
