/** Errors to stderr: what happened, what to do next, never a key. Decides the exit code. */
import { exitCodeOf, fileSystemReason, RunwayError } from '../core/errors.js';
import { redact } from '../core/redact.js';
import { paint } from './render/style.js';

export function reportError(error: unknown, argv: string[] = process.argv): number {
  const code = exitCodeOf(error);
  const lines: string[] = [];
  if (error instanceof RunwayError) {
    lines.push(`${paint('error', 'red')}: ${error.message}`);
    if (error.hint) lines.push(`${paint('hint', 'yellow')}: ${error.hint}`);
    if (argv.includes('--debug') && error.cause) lines.push(`cause: ${String((error.cause as Error)?.stack ?? error.cause)}`);
  } else if (fileSystemReason(error)) {
    const { syscall, path } = error as NodeJS.ErrnoException;
    lines.push(`${paint('error', 'red')}: a file operation (${syscall}${path ? ` ${path}` : ''}) failed: ${fileSystemReason(error)}.`);
    lines.push(
      `${paint('hint', 'yellow')}: A problem with this machine's disk, not with the provider. Free space or fix the permissions; then \`runway list\` shows every task and \`runway watch --pending\` finishes what is unfinished.`,
    );
  } else {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    lines.push(`${paint('error', 'red')}: internal error — this is a bug in runway, please report it.`);
    lines.push(text);
  }
  process.stderr.write(`${redact(lines.join('\n'))}\n`);
  return code;
}
