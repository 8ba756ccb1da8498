/** Command-line flags to a GenerationRequest: the prompt may come from stdin or a file. */
import { readFile, stat } from 'node:fs/promises';
import { UsageError } from '../../core/errors.js';
import { buildRequest } from '../../core/inputs/request-options.js';
import type { GenerationRequest } from '../../providers/validate.js';
import { fsReason } from '../../core/files/fs-reason.js';
import { readStdin } from './stdin.js';
import type { GenerationFlags } from '../options/flags.js';

export { extrasFromOptions } from '../../core/inputs/request-options.js';

export async function resolvePrompt(options: Pick<GenerationFlags, 'prompt' | 'promptFile'>): Promise<string | undefined> {
  const prompt = options.prompt;
  const file = options.promptFile;
  if (prompt !== undefined && file !== undefined) throw new UsageError('Use either --prompt or --prompt-file, not both.');
  if (file !== undefined) {
    try {
      // A pipe with no writer would block the read forever: refused like --image (save it to a file).
      const info = await stat(file);
      if (!info.isFile())
        throw new UsageError(
          `--prompt-file ${file} is not a regular file (a pipe, socket, device or directory); save the prompt to a file, or pipe it to --prompt -.`,
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

export async function requestFromOptions(options: GenerationFlags): Promise<GenerationRequest> {
  return buildRequest(options, await resolvePrompt(options));
}
