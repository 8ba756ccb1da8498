/** Errors to stderr: what happened, what to do next, never a key. Decides the exit code. */
import { exitCodeOf, fileSystemReason, RunwayError } from '../core/errors.js';
import { paint } from './render/style.js';
import { terminalText } from './render/terminal-text.js';

export function reportError(error: unknown, argv: string[] = process.argv): number {
  const code = exitCodeOf(error);
  const lines: string[] = [];
  if (error instanceof RunwayError) {
    lines.push(`${paint('error', 'red')}: ${terminalText(error.message, { multiline: true })}`);
    if (error.hint) lines.push(`${paint('hint', 'yellow')}: ${terminalText(error.hint, { multiline: true })}`);
    if (argv.includes('--debug') && error.cause) lines.push(`cause: ${terminalText(String((error.cause as Error)?.stack ?? error.cause), { multiline: true })}`);
  } else if (fileSystemReason(error)) {
    const { syscall, path } = error as NodeJS.ErrnoException;
    lines.push(`${paint('error', 'red')}: a file operation (${syscall}${path ? ` ${terminalText(path)}` : ''}) failed: ${fileSystemReason(error)}.`);
    lines.push(
      `${paint('hint', 'yellow')}: A problem with this machine's disk, not with the provider. Free space or fix the permissions; then \`runway list\` shows every task and \`runway watch --pending\` finishes what is unfinished.`,
    );
  } else {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    lines.push(`${paint('error', 'red')}: internal error — this is a bug in runway, please report it.`);
    lines.push(terminalText(text, { multiline: true }));
  }
  process.stderr.write(`${lines.join('\n')}\n`);
  return code;
}
