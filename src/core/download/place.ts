/**
 * A file saved earlier, placed in another folder without downloading (or paying) again: a hard
 * link where the file system allows it, else a copy; checked against the sha256 the journal
 * holds, and never over an existing file (the first free name, as a download would take).
 */
import { createReadStream } from 'node:fs';
import { copyFile, link, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createHash } from 'node:crypto';
import { DownloadError } from '../errors.js';
import { makeDirs } from '../files/make-dirs.js';
import { partPath, publish } from './publish.js';

export interface Placed {
  file: string;
  how: 'linked' | 'copied';
}

export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Places `source` (whose content is `sha256`) into `dir` under its own name. */
export async function placeSaved(source: string, sha256: string, dir: string): Promise<Placed> {
  if ((await sha256Of(source)) !== sha256) {
    throw new DownloadError(`${source} is no longer the file that was saved (its sha256 changed); not placing it.`);
  }
  makeDirs(dir);
  const dest = join(dir, basename(source));
  const part = partPath(`${dest}.${process.pid}`);
  let how: Placed['how'] = 'linked';
  try {
    await link(source, part);
  } catch {
    // Another device, or a file system without hard links: copy.
    how = 'copied';
    await copyFile(source, part);
    if ((await sha256Of(part)) !== sha256) {
      await unlink(part).catch(() => undefined);
      throw new DownloadError(`The copy of ${source} in ${dir} does not match it; not keeping it.`);
    }
  }
  return { file: await publish(part, dest), how };
}
