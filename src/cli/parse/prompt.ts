/** The prompt as the user gave it: --prompt, --prompt-file, or --prompt - (stdin). */
import { readFile, stat } from 'node:fs/promises';
import { UsageError } from '../../core/errors.js';
import { fsReason } from '../../core/files/fs-reason.js';
import { readStdin } from './stdin.js';

export async function resolvePrompt(prompt: string | undefined, file: string | undefined): Promise<string | undefined> {
  if (prompt !== undefined && file !== undefined) throw new UsageError('Use either --prompt or --prompt-file, not both.');
  if (file !== undefined) {
    try {
      // A pipe with no writer would block the read forever: refused like --image (save it to a file).
      const info = await stat(file);
      if (!info.isFile())
        throw new UsageError(
          `--prompt-file ${file} is not a regular file (a pipe, socket, device or directory); save the prompt to a file, ` +
            `or pipe it to --prompt -.`,
        );
      return (await readFile(file, 'utf8')).trim();
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`--prompt-file ${file} cannot be read: ${fsReason(error) ?? (error as Error).message}.`);
    }
  }
  if (prompt === '-') {
    if (process.stdin.isTTY)
      throw new UsageError('--prompt - reads the prompt from stdin, but stdin is a terminal. Pipe the prompt in, or use --prompt-file.');
    return (await readStdin()).trim();
  }
  return prompt;
}
