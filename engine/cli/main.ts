import { Command } from 'commander';
import { UserError } from '../errors/problem';
import { addDocsCommand } from './commands/docs';
import { addCheckCommand } from './commands/check';
import { addGraphCommand } from './commands/graph';
import { addInitCommand } from './commands/init';
import { addPreviewCommand } from './commands/preview';
import { addReportCommand } from './commands/report';
import { addRunCommand } from './commands/run';
import { addSchemaCommand } from './commands/schema';
import { addValidateCommand } from './commands/validate';
import { dropOutputOnceClosed } from './closedOutput';
import { catchInterrupts, deliverPendingSignals, interruptedLine, interruption } from './interrupts';
import { formatProblems } from './printProblems';
import { styleFor } from './style';

/** Exit codes: 0 ok, 1 user error (spec, input, target), 2 internal error, 130/143 interrupted. */
const EXIT_USER = 1;
const EXIT_INTERNAL = 2;

export function buildProgram(): Command {
  const program = new Command('hopify-engine')
    .description('Generate relational synthetic datasets from YAML specs, deterministically.')
    .showHelpAfterError()
    .exitOverride();
  addRunCommand(program);
  addValidateCommand(program);
  addGraphCommand(program);
  addPreviewCommand(program);
  addCheckCommand(program);
  addReportCommand(program);
  addSchemaCommand(program);
  addDocsCommand(program);
  addInitCommand(program);
  return program;
}

/** Runs the CLI; user errors print without a stack trace. */
export async function main(argv: string[]): Promise<void> {
  catchInterrupts();
  dropOutputOnceClosed();
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    await deliverPendingSignals();
    const late = interruption();
    if (late) {
      process.stderr.write(interruptedLine(late.signal, 'it came as the command finished, whose output is complete'));
      process.exitCode = late.exitCode;
    }
  } catch (err) {
    process.exitCode = exitCodeFor(err);
  }
}

function exitCodeFor(err: unknown): number {
  const code = (err as { code?: string }).code;
  if (typeof code === 'string' && code.startsWith('commander.')) {
    // commander has printed its own message (or the help) already.
    return code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help' ? 0 : EXIT_USER;
  }
  const interrupted = interruption();
  if (interrupted) {
    // Whatever failed after the signal (every query refuses to start) is its echo: one line says what happened.
    process.stderr.write(interruptedLine(interrupted.signal, 'the previous output is untouched'));
    return interrupted.exitCode;
  }
  if (err instanceof UserError) {
    process.stderr.write(formatProblems(err.problems, styleFor(process.stderr)) + '\n');
    return EXIT_USER;
  }
  process.stderr.write(`internal error: ${(err as Error)?.stack ?? String(err)}\nThis is a bug in hopify-engine, not in your spec: please report it with the spec that caused it.\n`);
  return EXIT_INTERNAL;
}
