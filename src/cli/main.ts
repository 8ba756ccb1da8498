/**
 * Entry point. Builds the command tree (commander only: no undici, zod or conf is loaded for
 * --help/--version), runs the chosen handler, and is the one place where an error becomes an
 * exit code and a message on stderr.
 */
import { buildProgram, CommanderError, invokedCommand } from './program.js';

/** The error reporter is loaded only when something failed: start-up stays small. */
async function reportError(error: unknown, argv: string[]): Promise<number> {
  const { reportError: report } = await import('./render/report-error.js');
  return report(error, argv);
}

export async function main(argv: string[]): Promise<number> {
  // A stray asynchronous error is a bug: report it like any other (redacted, exit 1).
  process.once('uncaughtException', (error) => {
    void reportError(error, argv).then((code) => process.exit(code));
  });
  // A reader that stops early (`runway list | head`) closes the pipe. What it did not read is not
  // an error, and a paid generation in progress must still finish and be journalled: writes to
  // the closed stream are dropped, and the command runs to its own exit code.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    });
  }
  const state = { exitCode: 0 };
  const invoked = invokedCommand(argv);
  const program = await buildProgram(state, invoked);
  const named = invoked !== undefined && argv.slice(2).find((a) => !a.startsWith('-')) === invoked;
  if (named && !program.commands.some((c) => c.name() === invoked)) {
    const { modelCommandHint } = await import('./options/shortcut-table.js');
    const hint = modelCommandHint(invoked);
    if (hint) {
      const { say } = await import('./render/terminal.js');
      say(`runway: ${hint}`);
      return 2;
    }
  }
  try {
    await program.parseAsync(argv);
    return state.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has already printed its message (unknown option, missing argument, help…)
      return error.exitCode === 0 ? 0 : 2;
    }
    return await reportError(error, argv);
  }
}
