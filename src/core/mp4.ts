/**
 * A cheap structural check of a downloaded MP4 (ISO BMFF): the top-level boxes must tile the
 * file exactly, start with `ftyp` and include `moov`. A truncated file or an HTML error page
 * saved under an mp4 name fails it. Reads only box headers, whatever the file size.
 */
import { open } from 'node:fs/promises';

export interface Mp4Check {
  ok: boolean;
  reason?: string;
  boxes: string[];
}

export async function checkMp4(path: string): Promise<Mp4Check> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const header = Buffer.alloc(16);
    const boxes: string[] = [];
    let offset = 0;
    while (offset < size) {
      const { bytesRead } = await handle.read(header, 0, 16, offset);
      if (bytesRead < 8) return { ok: false, reason: `a box header at byte ${offset} is cut short`, boxes };
      let boxSize = header.readUInt32BE(0);
      const type = header.toString('latin1', 4, 8);
      if (!/^[\x20-\x7e]{4}$/.test(type)) return { ok: false, reason: `bytes at ${offset} are not an MP4 box`, boxes };
      if (boxSize === 1) {
        if (bytesRead < 16) return { ok: false, reason: `a large box header at byte ${offset} is cut short`, boxes };
        boxSize = Number(header.readBigUInt64BE(8));
      } else if (boxSize === 0) {
        boxSize = size - offset;
      }
      if (boxSize < 8) return { ok: false, reason: `box "${type}" at byte ${offset} has an impossible size`, boxes };
      boxes.push(type);
      if (offset + boxSize > size) return { ok: false, reason: `box "${type}" needs ${offset + boxSize - size} more bytes than the file has (truncated)`, boxes };
      offset += boxSize;
      if (boxes.length > 100_000) return { ok: false, reason: 'too many boxes', boxes };
    }
    if (boxes[0] !== 'ftyp') return { ok: false, reason: 'the file does not start with an ftyp box', boxes };
    if (!boxes.includes('moov')) return { ok: false, reason: 'the file has no moov box', boxes };
    return { ok: true, boxes };
  } finally {
    await handle.close();
  }
}
