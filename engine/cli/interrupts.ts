import { styleFor } from './style';

/** The shell's exit codes for a command ended by a signal. */
const EXIT_CODES: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

const controller = new AbortController();
let caught = false;
let interruptedBy: NodeJS.Signals | undefined;

/**
 * Catches SIGINT and SIGTERM from the process's first line on (the bin script calls it before
 * loading the CLI), so an interrupt during start-up is not the bare signal: start-up and
 * validation are synchronous, so the signal reaches the command at its first wait, where a
 * run stops before writing, or at `deliverPendingSignals` after a synchronous command. A
 * second signal of the same kind is no longer caught and ends the process at once.
 */
export function catchInterrupts(): void {
  if (caught) return;
  caught = true;
  const interrupted = (signal: NodeJS.Signals) => {
    interruptedBy = signal;
    controller.abort();
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
}

/**
 * The signal that SIGINT and SIGTERM abort. Aborting it cancels the query that runs (on the
 * server, or SQLite's interrupt) and stops a run between chunks, so the command ends with
 * RUN_INTERRUPTED after its cleanup.
 */
export function interruptSignal(): AbortSignal {
  catchInterrupts();
  return controller.signal;
}

/** The signal that interrupted the command, with its exit code (130, 143), once one has. */
export function interruption(): { signal: NodeJS.Signals; exitCode: number } | undefined {
  return interruptedBy && { signal: interruptedBy, exitCode: EXIT_CODES[interruptedBy as keyof typeof EXIT_CODES] };
}

/**
 * A signal that came while the command ran synchronously waits for the event loop: one turn
 * of it delivers the signal before the command's result is taken as final.
 */
export function deliverPendingSignals(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The one line an interrupted command ends with; `outcome` says what became of the output. */
export function interruptedLine(signal: NodeJS.Signals, outcome: string): string {
  const style = styleFor(process.stderr);
  return `${style.red('error')} ${style.bold('RUN_INTERRUPTED')}  stopped by ${signal}; ${outcome}\n`;
}
