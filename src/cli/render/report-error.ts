/** Errors to stderr: what happened, what to do next, never a key. Decides the exit code. */
import { exitCodeOf, fileSystemReason, RunwayError } from '../../core/errors.js';
import { compose, styled, type Piece } from './terminal.js';

export function reportError(error: unknown, argv: string[] = process.argv): number {
  const code = exitCodeOf(error);
  const lines: Piece[][] = [];
  if (error instanceof RunwayError) {
    lines.push([styled('error', 'red'), ': ', error.message]);
    if (error.hint) lines.push([styled('hint', 'yellow'), ': ', error.hint]);
    if (argv.includes('--debug') && error.cause)
      lines.push(['cause: ', error.cause instanceof Error ? (error.cause.stack ?? error.cause.message) : JSON.stringify(error.cause)]);
  } else if (fileSystemReason(error)) {
    const { syscall, path } = error as NodeJS.ErrnoException;
    lines.push([styled('error', 'red'), `: a file operation (${syscall}${path ? ` ${path}` : ''}) failed: ${fileSystemReason(error)}.`]);
    lines.push([
      styled('hint', 'yellow'),
      `: A problem with this machine's disk, not with the provider. Free space or fix the permissions; then \`runway ` +
        `list\` shows every task and \`runway watch --pending\` finishes what is unfinished.`,
    ]);
  } else {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    lines.push([styled('error', 'red'), ': internal error — this is a bug in runway, please report it.']);
    lines.push([text]);
  }
  process.stderr.write(`${lines.map((pieces) => compose(pieces, { multiline: true })).join('\n')}\n`);
  return code;
}
