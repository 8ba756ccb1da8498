/**
 * Puts a finished `.part` in place under the first free name (dest, dest-1, …), never
 * overwriting a file. A hard link claims the name atomically; file systems without hard links
 * (exFAT and FAT on USB sticks, some network and VM shares) answer EPERM or ENOTSUP, and there an
 * exclusive create reserves the name and a rename fills it.
 */
import { link, open, rename, unlink } from 'node:fs/promises';
import { extname } from 'node:path';
import { DownloadError } from './errors.js';

export interface PublishFs {
  link: (existing: string, name: string) => Promise<void>;
}

const noHardLinks = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
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
  const ext = extname(dest);
  const stem = dest.slice(0, dest.length - ext.length);
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
  for (let n = 0; n < 10_000; n++) {
    const candidate = n === 0 ? dest : `${stem}-${n}${ext}`;
    try {
      await claim(candidate);
      return candidate;
    } catch (error) {
      if (code(error) !== 'EEXIST') throw error;
    }
  }
  throw new DownloadError(`Could not find a free file name near ${dest}`);
}
