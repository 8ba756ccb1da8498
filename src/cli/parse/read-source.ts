/** A batch file or storyboard, read whole: a path, or "-" for stdin. */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../../core/errors.js';
import { fsReason } from '../../core/files/fs-reason.js';
import { readStdin } from './stdin.js';

export async function readSource(source: string, what: string): Promise<string> {
  if (source === '-') return readStdin();
  try {
    return await readFile(source, 'utf8');
  } catch (error) {
    throw new UsageError(`The ${what} ${source} cannot be read: ${fsReason(error) ?? (error as Error).message}.`);
  }
}
