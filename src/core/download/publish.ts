/**
 * The names a download lives under. Its `.part` is claimed exclusively when the outputs are
 * planned, so two jobs that plan the same name (a template without {task}, two shells at once)
 * never write into one file. The finished part is published under the first free name (dest,
 * dest-1, …), never overwriting a file: a hard link claims the name atomically; file systems
 * without hard links (exFAT and FAT on USB sticks, some network and VM shares) answer EPERM or
 * ENOTSUP, and there an exclusive create reserves the name and a rename fills it.
 */
import { existsSync } from 'node:fs';
import { link, open, rename, unlink } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import { DownloadError } from '../errors.js';
import { makeDirs } from '../files/make-dirs.js';

export interface PublishFs {
  link: (existing: string, name: string) => Promise<void>;
}

const noHardLinks = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

export function partPath(dest: string): string {
  return `${dest}.part`;
}

function* candidates(dest: string): Generator<string> {
  const ext = extname(dest);
  const stem = dest.slice(0, dest.length - ext.length);
  for (let n = 0; n < 10_000; n++) yield n === 0 ? dest : `${stem}-${n}${ext}`;
}

/** Whether `file` is `dest` or one of its numbered variants (dest-1, dest-2, …): the same planned name. */
export function isVariantOf(file: string, dest: string): boolean {
  if (file === dest) return true;
  const ext = extname(dest);
  const stem = dest.slice(0, dest.length - ext.length);
  return file.startsWith(`${stem}-`) && file.endsWith(ext) && /^\d+$/.test(file.slice(stem.length + 1, file.length - ext.length));
}

/** Reserves the first name (dest, dest-1, …) with neither a file nor a `.part` another job is writing; returns it. */
export async function claimPart(dest: string): Promise<string> {
  makeDirs(dirname(dest));
  for (const candidate of candidates(dest)) {
    if (existsSync(candidate)) continue;
    try {
      await (await open(partPath(candidate), 'wx', 0o644)).close();
      return candidate;
    } catch (error) {
      if (code(error) !== 'EEXIST') throw error;
    }
  }
  throw new DownloadError(`Could not find a free file name near ${dest}`);
}

/** Renames over an exclusively created placeholder: the name is ours before the rename fills it. */
async function claimByReservation(part: string, name: string): Promise<void> {
  const reservation = await open(name, 'wx');
  await reservation.close();
  try {
    await rename(part, name);
  } catch (error) {
    await unlink(name).catch(() => undefined);
    throw error;
  }
}

export async function publish(part: string, dest: string, fs: PublishFs = { link }): Promise<string> {
  let linksWork = true;
  const claim = async (name: string): Promise<void> => {
    if (linksWork) {
      try {
        await fs.link(part, name);
      } catch (error) {
        if (!noHardLinks.has(code(error) ?? '')) throw error;
        linksWork = false;
      }
      if (linksWork) return unlink(part);
    }
    await claimByReservation(part, name);
  };
  for (const candidate of candidates(dest)) {
    try {
      await claim(candidate);
      return candidate;
    } catch (error) {
      if (code(error) !== 'EEXIST') throw error;
    }
  }
  throw new DownloadError(`Could not find a free file name near ${dest}`);
}
