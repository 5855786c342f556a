/** The shell's exit codes for a command ended by a signal. */
const EXIT_CODES: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

let interruptedWith: number | undefined;

/**
 * Runs a command with SIGINT and SIGTERM caught: the first aborts the signal the command is
 * given, which cancels the query that runs (on the server, or SQLite's interrupt) and stops a
 * run between chunks, so the command ends with RUN_INTERRUPTED after its cleanup. A second
 * signal of the same kind is no longer caught and ends the process at once.
 */
export async function withInterrupts<T>(command: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const interrupted = (signal: NodeJS.Signals) => {
    interruptedWith = EXIT_CODES[signal as keyof typeof EXIT_CODES];
    process.exitCode = interruptedWith;
    controller.abort();
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    return await command(controller.signal);
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
}

/** 130 or 143 once a signal has interrupted a command. */
export function interruptedExitCode(): number | undefined {
  return interruptedWith;
}
