/**
 * mkdir -p, level by level. Node's recursive mkdir misreports a read-only file system as ENOENT,
 * and spins forever where a parent exists but refuses children with ENOENT (/proc): this says
 * what is wrong instead. Synchronous: a handful of syscalls, used before any transfer starts.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export function makeDirs(dir: string, mode = 0o777): void {
  // The usual case, a directory that is already there, costs one stat and no thrown EEXIST.
  if (isDirectory(dir)) return;
  try {
    mkdirSync(dir, { mode });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if (statSync(dir).isDirectory()) return;
      throw Object.assign(new Error(`ENOTDIR: ${dir} is a file, not a directory`), { code: 'ENOTDIR' });
    }
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw error;
    makeDirs(parent, mode);
    try {
      mkdirSync(dir, { mode });
    } catch (again) {
      // Another process may have made it meanwhile.
      if ((again as NodeJS.ErrnoException).code !== 'EEXIST') throw again;
    }
  }
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    return false;
  }
}
