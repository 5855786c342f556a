import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const MAIN = join(__dirname, '..', 'engine', 'cli', 'main.js');

/** A CLI run in a fresh process that reports its own peak RSS and CPU time (every thread). */
export interface MeasuredCli {
  stdout: string;
  peakRssMiB: number;
  cpuSeconds: number;
}

/** `hopify-engine <args>` from dist/ in a child process; throws with its stderr when it fails. */
export function runMeasuredCli(args: string[]): MeasuredCli {
  // `node -e` leaves no script path in argv: put one back for commander.
  const script = `require(${JSON.stringify(MAIN)}).main(['node', 'hopify-engine', ...process.argv.slice(1)])
    .then(() => { const u = process.resourceUsage(); process.stderr.write('usage=' + JSON.stringify({ maxRSS: u.maxRSS, cpu: (u.userCPUTime + u.systemCPUTime) / 1e6 }) + '\\n'); })`;
  const child = spawnSync(process.execPath, ['-e', script, '--', ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const usage = /usage=(\{.*\})/.exec(child.stderr)?.[1];
  if (child.status !== 0 || !usage) throw new Error(`hopify-engine ${args.join(' ')} failed: ${child.stderr}`);
  const { maxRSS, cpu } = JSON.parse(usage) as { maxRSS: number; cpu: number };
  return { stdout: child.stdout, peakRssMiB: maxRSS / 1024, cpuSeconds: cpu };
}
