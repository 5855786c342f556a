import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'hopify-engine.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI (the compiled build, as users run it) and waits for it; past `timeoutMs` it is killed (status null): a hang detector, not a timing assert. */
export function cli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...options.env }, timeout: options.timeoutMs });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts the CLI without waiting, for tests that signal it. */
export function cliProcess(args: string[], options: { cwd?: string } = {}) {
  return spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: { ...process.env, NO_COLOR: '1' } });
}
