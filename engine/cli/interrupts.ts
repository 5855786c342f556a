/** The shell's exit codes for a command ended by a signal. */
const EXIT_CODES: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

let caught: AbortController | undefined;
let interruptedBy: NodeJS.Signals | undefined;

/**
 * The signal that SIGINT and SIGTERM abort, caught from the first call on (a command that can
 * stop cleanly calls it first thing). Aborting it cancels the query that runs (on the server,
 * or SQLite's interrupt) and stops a run between chunks, so the command ends with
 * RUN_INTERRUPTED after its cleanup. A second signal of the same kind is no longer caught and
 * ends the process at once.
 */
export function interruptSignal(): AbortSignal {
  if (!caught) {
    const controller = new AbortController();
    const interrupted = (signal: NodeJS.Signals) => {
      interruptedBy = signal;
      process.exitCode = EXIT_CODES[signal as keyof typeof EXIT_CODES];
      controller.abort();
    };
    process.once('SIGINT', interrupted);
    process.once('SIGTERM', interrupted);
    caught = controller;
  }
  return caught.signal;
}

/** The signal that interrupted the command, with its exit code (130, 143), once one has. */
export function interruption(): { signal: NodeJS.Signals; exitCode: number } | undefined {
  return interruptedBy && { signal: interruptedBy, exitCode: EXIT_CODES[interruptedBy as keyof typeof EXIT_CODES] };
}
