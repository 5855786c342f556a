/** The shell's exit codes for a command ended by a signal. */
const EXIT_CODES: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

let caught: AbortController | undefined;
let interruptedWith: number | undefined;

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
      interruptedWith = EXIT_CODES[signal as keyof typeof EXIT_CODES];
      process.exitCode = interruptedWith;
      controller.abort();
    };
    process.once('SIGINT', interrupted);
    process.once('SIGTERM', interrupted);
    caught = controller;
  }
  return caught.signal;
}

/** 130 or 143 once a signal has interrupted the command. */
export function interruptedExitCode(): number | undefined {
  return interruptedWith;
}
