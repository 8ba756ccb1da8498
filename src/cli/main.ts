/**
 * Entry point. Builds the command tree (commander only: no undici, zod or conf is loaded for
 * --help/--version), runs the chosen handler, and is the one place where an error becomes an
 * exit code and a message on stderr.
 */
import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import { reportError } from './report-error.js';

export async function main(argv: string[]): Promise<number> {
  // A stray asynchronous error is a bug: report it like any other (redacted, exit 1).
  process.once('uncaughtException', (error) => process.exit(reportError(error, argv)));
  const state = { exitCode: 0 };
  const program = buildProgram(state);
  try {
    await program.parseAsync(argv);
    return state.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has already printed its message (unknown option, missing argument, help…)
      return error.exitCode === 0 ? 0 : 2;
    }
    return reportError(error, argv);
  }
}
