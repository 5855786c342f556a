/**
 * `node dist/benchmarks/scaleout.js [--quick]`: what `--shard` buys. For each spec, to CSV and to Parquet:
 * one process; each of 2 shards alone; 2 shards side by side (this machine's 2 cores);
 * one process with `--workers 2`.
 * From these: rows/s of one process, the speed-up of 2 shards, and w, the share of the
 * single run's time every shard repeats (tables later tables read are generated whole by
 * every shard): a shard of N takes about T1·(w + (1 − w)/N). docs/scale-out.md records it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const quick = process.argv.includes('--quick');
const SHARDS = 2;
const CASES = [
  { name: 'per-parent orders → items (benchmarks/specs/per_parent.yaml)', spec: 'benchmarks/specs/per_parent.yaml', scale: quick ? '1' : '5' },
  { name: 'specs/v15.yaml (23 tables)', spec: 'specs/v15.yaml', scale: quick ? '0.2' : '1' },
];
const work = mkdtempSync(join(tmpdir(), 'hopify-scaleout-'));

interface Timed {
  seconds: number;
  rows: number;
}

/** One CLI run, as users start it; wall time from spawn to exit. */
function runCli(args: string[]): Promise<Timed> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'hopify-engine.js'), 'run', ...args, '--json'], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => {
      if (status !== 0) return reject(new Error(`run ${args.join(' ')} failed (${status}): ${stderr}`));
      resolve({ seconds: (performance.now() - started) / 1000, rows: JSON.parse(stdout).rows });
    });
  });
}

const format = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  console.log(`| spec | target | rows | 1 process s | rows/s | shard 0 alone s | shard 1 alone s | ${SHARDS} shards side by side s | speed-up | --workers ${SHARDS} s | speed-up | w |`);
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [c, kind] of CASES.flatMap((c) => [[c, 'csv'], [c, 'parquet']] as const)) {
    const args = (out: string) => [c.spec, '--scale', c.scale, '--target', `${kind}:${join(work, `${kind}-${out}`)}`];
    const single = await runCli(args('single'));
    const alone: Timed[] = [];
    for (let k = 0; k < SHARDS; k++) alone.push(await runCli([...args('alone'), '--shard', `${k}/${SHARDS}`]));
    const started = performance.now();
    await Promise.all(Array.from({ length: SHARDS }, (_, k) => runCli([...args('together'), '--shard', `${k}/${SHARDS}`])));
    const together = (performance.now() - started) / 1000;
    const threads = await runCli([...args('workers'), '--workers', String(SHARDS)]);
    const meanShard = alone.reduce((sum, t) => sum + t.seconds, 0) / SHARDS;
    // t_shard = T1·(w + (1 − w)/N), solved for w.
    const w = (meanShard / single.seconds - 1 / SHARDS) / (1 - 1 / SHARDS);
    console.log(
      `| ${c.name}, scale ${c.scale} | ${kind} | ${format(single.rows)} | ${format(single.seconds, 2)} | ${format(single.rows / single.seconds)} | ${alone.map((t) => format(t.seconds, 2)).join(' | ')} | ${format(together, 2)} | ${format(single.seconds / together, 2)}× | ${format(threads.seconds, 2)} | ${format(single.seconds / threads.seconds, 2)}× | ${format(w, 2)} |`,
    );
  }
  rmSync(work, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
