import { fork, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { SpecOptions } from '../../engine/index';
import type { FuzzCase, SpecOutcome } from './specInvariants';

/** What the parent sends: one case, the folder to write it into, and the limits to check it under. */
export interface CaseRequest {
  root: string;
  dir: string;
  fuzzCase: FuzzCase;
  limits: SpecOptions['limits'];
}

/** What the child answers: that it has loaded the engine, then per case the outcome or the internal error that broke the contract. */
export type CaseReply = { ready: true } | { outcome: SpecOutcome } | { error: string };

/**
 * Checks fuzz cases (specInvariants.ts `checkCase`) one at a time in a child process, and
 * kills it when a case outlasts its time limit. A hang in synchronous code (a regex that
 * backtracks, a native SQLite query, an include graph expanded exponentially) blocks the
 * event loop it runs on, so no timer in that process could end it, and `worker.terminate()`
 * waits for native code: only a process killed from outside is sure to stop. A case that
 * crashes the process (V8 out of memory, a native stack overflow) fails the same way, where
 * it would have ended the whole test run in-process.
 */
export class CaseProcess {
  private child: Promise<ChildProcess> | undefined;
  private cases = 0;
  private pending = false;
  /** Set when the process ended between two cases: something the previous case started failed after it was answered. */
  private endedBetweenCases: string | undefined;

  constructor(
    /** The folder fuzz cases may read (a copy of specs/); the child runs in it, so relative paths in spec SQL land there. */
    private readonly root: string,
    private readonly limits: SpecOptions['limits'],
    /** Longest a case may take before it counts as a hang. */
    private readonly seconds: number,
  ) {}

  /** The case's outcome; rejects with why it broke the contract, hung or crashed the process. */
  async check(fuzzCase: FuzzCase): Promise<SpecOutcome> {
    if (this.endedBetweenCases) throw new Error(`the process ended after answering the previous case (${this.endedBetweenCases})`);
    const child = await (this.child ??= this.start());
    const dir = join(this.root, `case-${++this.cases}`);
    return new Promise((resolve, reject) => {
      const settle = (finish: () => void) => {
        this.pending = false;
        clearTimeout(timer);
        child.off('message', onReply);
        child.off('exit', onExit);
        finish();
      };
      const onReply = (reply: CaseReply) => {
        if ('outcome' in reply) settle(() => resolve(reply.outcome));
        else if ('error' in reply) settle(() => reject(new Error(`internal error: ${reply.error}`)));
      };
      const onExit = (code: number | null, signal: string | null) =>
        settle(() => {
          rmSync(dir, { recursive: true, force: true });
          reject(new Error(`the case ended the process that checked it (${signal ?? `exit code ${code}`})`));
        });
      const timer = setTimeout(() => {
        settle(() => undefined);
        this.child = undefined;
        // The folder goes once the process is gone, so nothing writes into it any more.
        child.once('exit', () => {
          rmSync(dir, { recursive: true, force: true });
          reject(new Error(`the case did not finish within ${this.seconds} s: a hang`));
        });
        child.kill('SIGKILL');
      }, this.seconds * 1000);
      child.on('message', onReply);
      child.on('exit', onExit);
      this.pending = true;
      child.send({ root: this.root, dir, fuzzCase, limits: this.limits } satisfies CaseRequest);
    });
  }

  async stop(): Promise<void> {
    const child = await this.child?.catch(() => undefined);
    this.child = undefined;
    child?.kill('SIGKILL');
  }

  /** A child that has loaded the engine (seconds of transpiling: not counted against the first case's time). */
  private start(): Promise<ChildProcess> {
    // A heap cap, so a case that would eat the shared machine's memory crashes its process instead.
    const child = fork(join(__dirname, 'caseProcessMain.ts'), [], {
      cwd: this.root,
      execArgv: ['--require', join(__dirname, 'requireTypeScript.js'), '--max-old-space-size=2048'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = new Promise<ChildProcess>((resolve, reject) => {
      child.once('message', () => resolve(child));
      child.once('exit', (code, signal) => reject(new Error(`the process for fuzz cases did not start (${signal ?? `exit code ${code}`})`)));
    });
    child.on('exit', (code, signal) => {
      // A process killed on purpose (a hang, stop()) is no longer this.child.
      if (this.child !== ready) return;
      this.child = undefined;
      if (!this.pending) this.endedBetweenCases = signal ?? `exit code ${code}`;
    });
    return ready;
  }
}
