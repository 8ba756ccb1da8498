/**
 * Before anything is paid for: can videos be saved where the user asked? The directory must
 * exist or be creatable, and be writable. Advisory (a disk can still fill, a mount vanish), but it
 * turns the typo, the file-instead-of-folder and the read-only mount into exit 2 instead of a
 * paid task with nowhere to go.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { fsReason } from '../files/fs-reason.js';

export async function checkOutDir(dir: string, what = 'videos', flag = '--out'): Promise<void> {
  const problem = (why: string) =>
    new UsageError(`Cannot save ${what} in ${dir}: ${why}.`, { hint: `Choose another directory with ${flag}, or make this one writable.` });
  // The nearest part of the path that exists decides: mkdir -p creates the rest below it.
  for (let path = resolve(dir); ; path = dirname(path)) {
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(path)).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code === 'ENOENT' || code === 'ENOTDIR') && dirname(path) !== path) continue;
      throw problem(fsReason(error) ?? (error as Error).message);
    }
    if (!isDirectory) throw problem(`${path} is a file, not a directory`);
    try {
      await access(path, constants.W_OK | constants.X_OK);
    } catch (error) {
      throw problem(`${path}: ${fsReason(error) ?? (error as Error).message}`);
    }
    return;
  }
}
