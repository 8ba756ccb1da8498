/**
 * Every file this CLI writes for the user (reports, JUnit files, state files, films, the pruned
 * journal) is written whole or not at all: into a temporary file beside its place, named after
 * this process (`<file>.<pid>.part`), forced to disk, then renamed over the place (or, for a film,
 * published under the first free name). A failure removes the temporary file and leaves only what
 * was there before; one left by a process killed with -9 is removed by the next write of that file.
 */
import {
  accessSync,
  closeSync,
  constants,
  createWriteStream,
  fsyncSync,
  openSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UsageError } from '../errors.js';
import { fsReason } from './fs-reason.js';
import { makeDirs } from './make-dirs.js';
import { publish } from '../download/publish.js';

/** The temporary file beside `dest` for this process. */
export function temporaryBeside(dest: string): string {
  return `${dest}.${process.pid}.part`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes what dead processes left while writing `dest` (`<dest>.<pid>.part` and the older `.tmp`). */
export function removeStaleTemporaries(dest: string): void {
  const name = basename(dest);
  let entries: string[];
  try {
    entries = readdirSync(dirname(dest));
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.startsWith(`${name}.`)) continue;
    const pid = /^\.(\d+)\.(?:part|tmp)$/.exec(entry.slice(name.length))?.[1];
    if (pid !== undefined && Number(pid) !== process.pid && !alive(Number(pid))) rmSync(join(dirname(dest), entry), { force: true });
  }
}

/** Writes `dest` synchronously through `fill(fd)`, replacing what was there only once the new content is whole. */
export function replaceWhole(dest: string, fill: (fd: number) => void): void {
  const temporary = temporaryBeside(dest);
  removeStaleTemporaries(dest);
  try {
    const fd = openSync(temporary, 'w', 0o600);
    try {
      fill(fd);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, dest);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Writes `dest` through `write(temporary)` (a stream, a child process), then renames it into
 * place (`replace`), or publishes it under the first free name (dest, dest-1, …) so nothing is
 * ever overwritten. Returns the name it got.
 */
export async function writeWhole(
  dest: string,
  write: (temporary: string) => Promise<void>,
  options: { replace: boolean },
): Promise<string> {
  const temporary = temporaryBeside(dest);
  removeStaleTemporaries(dest);
  try {
    await write(temporary);
    const fd = openSync(temporary, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (!options.replace) return await publish(temporary, dest);
    renameSync(temporary, dest);
    return dest;
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** Writes text pieces (a report, a JUnit file) to `dest`, whole or not at all, replacing what was there. */
export async function writeTextWhole(dest: string, pieces: Iterable<string>): Promise<void> {
  await writeWhole(dest, (temporary) => pipeline(Readable.from(pieces), createWriteStream(temporary, { mode: 0o644 })), { replace: true });
}

/**
 * Before any work: `file` can be written as `flag` asks (its folder exists or is made, it is not
 * a folder itself, it is none of the inputs). Exit 2 naming the path, instead of a failure
 * after the work is done or an input destroyed.
 */
export function checkOutputFile(file: string, flag: string, inputs: readonly string[] = []): string {
  const target = resolve(file);
  const problem = (why: string) =>
    new UsageError(`${flag} ${file}: ${why}.`, { hint: `Choose another path for ${flag}; nothing was written.` });
  let info;
  try {
    info = statSync(target, { throwIfNoEntry: false });
  } catch (error) {
    throw problem(fsReason(error) ?? (error as Error).message);
  }
  if (info?.isDirectory()) throw problem('that is a directory; give a file name');
  if (info) {
    const real = realpathSync(target);
    const clash = inputs.find((input) => {
      try {
        return realpathSync(input) === real;
      } catch {
        return false;
      }
    });
    if (clash !== undefined) throw problem(`that is also an input (${clash}); writing it would destroy what is being read`);
  }
  try {
    makeDirs(dirname(target));
    accessSync(dirname(target), constants.W_OK);
  } catch (error) {
    throw problem(fsReason(error) ?? (error as Error).message);
  }
  return target;
}
