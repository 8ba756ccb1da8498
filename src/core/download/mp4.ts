/**
 * A cheap structural check of an MP4 (ISO BMFF): the top-level boxes must tile the file
 * exactly, start with `ftyp` and include `moov`. A truncated file or an HTML error page saved
 * under an mp4 name fails it. Two ways in: Mp4Walker follows the box headers in the bytes as
 * they stream past (no second read of a download), checkMp4 reads only the headers of a file.
 */
import { open, type FileHandle } from 'node:fs/promises';

export interface Mp4Check {
  ok: boolean;
  reason?: string;
  boxes: string[];
}

function verdict(boxes: string[], problem: string | undefined): Mp4Check {
  if (problem) return { ok: false, reason: problem, boxes };
  if (boxes[0] !== 'ftyp') return { ok: false, reason: 'the file does not start with an ftyp box', boxes };
  if (!boxes.includes('moov')) return { ok: false, reason: 'the file has no moov box', boxes };
  return { ok: true, boxes };
}

/** Reads one box header at `offset` from `header` (8 or 16 valid bytes); returns its type and size. */
function parseHeader(
  header: Buffer,
  available: number,
  offset: number,
  fileSize: number | undefined,
): { type: string; size: number } | { need: 16 } | { problem: string } {
  const type = header.toString('latin1', 4, 8);
  if (!/^[\x20-\x7e]{4}$/.test(type)) return { problem: `bytes at ${offset} are not an MP4 box` };
  let size = header.readUInt32BE(0);
  if (size === 1) {
    if (available < 16) return { need: 16 };
    size = Number(header.readBigUInt64BE(8));
  } else if (size === 0) {
    size = fileSize === undefined ? Infinity : fileSize - offset;
  }
  if (size < 8) return { problem: `box "${type}" at byte ${offset} has an impossible size` };
  return { type, size };
}

export class Mp4Walker {
  private seen = 0;
  private nextBox = 0;
  private readonly header = Buffer.alloc(16);
  private headerFill = 0;
  private headerWanted = 8;
  private problem: string | undefined;
  private readonly boxes: string[] = [];

  update(chunk: Buffer): void {
    let p = 0;
    while (p < chunk.length && !this.problem && this.nextBox !== Infinity) {
      const position = this.seen + p;
      if (position < this.nextBox) {
        p += Math.min(chunk.length - p, this.nextBox - position);
        continue;
      }
      const take = Math.min(this.headerWanted - this.headerFill, chunk.length - p);
      chunk.copy(this.header, this.headerFill, p, p + take);
      this.headerFill += take;
      p += take;
      if (this.headerFill < this.headerWanted) break;
      const parsed = parseHeader(this.header, this.headerFill, this.nextBox, undefined);
      if ('need' in parsed) {
        this.headerWanted = 16;
        continue;
      }
      if ('problem' in parsed) {
        this.problem = parsed.problem;
        break;
      }
      this.boxes.push(parsed.type);
      this.nextBox += parsed.size;
      this.headerFill = 0;
      this.headerWanted = 8;
      if (this.boxes.length > 100_000) this.problem = 'too many boxes';
    }
    this.seen += chunk.length;
  }

  finish(): Mp4Check {
    let problem = this.problem;
    if (!problem && this.headerFill > 0) problem = `a box header at byte ${this.nextBox} is cut short`;
    if (!problem && this.nextBox !== Infinity && this.nextBox > this.seen) {
      problem = `box "${this.boxes[this.boxes.length - 1]}" needs ${this.nextBox - this.seen} more bytes than the file has (truncated)`;
    }
    return verdict(this.boxes, problem);
  }
}

type BoxEntry = { type: string; offset: number; size: number } | { problem: string; type?: string };

/** The boxes in [from, to) of an open file, read header by header; a problem ends the walk. */
async function* boxesIn(handle: FileHandle, from: number, to: number): AsyncGenerator<BoxEntry> {
  const header = Buffer.alloc(16);
  let offset = from;
  let count = 0;
  while (offset < to) {
    const { bytesRead } = await handle.read(header, 0, Math.min(16, to - offset), offset);
    if (bytesRead < 8) {
      yield { problem: `a box header at byte ${offset} is cut short` };
      return;
    }
    const parsed = parseHeader(header, bytesRead, offset, to);
    if ('need' in parsed) {
      yield { problem: `a large box header at byte ${offset} is cut short` };
      return;
    }
    if ('problem' in parsed) {
      yield parsed;
      return;
    }
    if (offset + parsed.size > to) {
      yield {
        problem: `box "${parsed.type}" needs ${offset + parsed.size - to} more bytes than the file has (truncated)`,
        type: parsed.type,
      };
      return;
    }
    yield { type: parsed.type, offset, size: parsed.size };
    offset += parsed.size;
    if (++count > 100_000) {
      yield { problem: 'too many boxes' };
      return;
    }
  }
}

export async function checkMp4(path: string): Promise<Mp4Check> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const boxes: string[] = [];
    for await (const box of boxesIn(handle, 0, size)) {
      if ('problem' in box) {
        if (box.type) boxes.push(box.type);
        return verdict(boxes, box.problem);
      }
      boxes.push(box.type);
    }
    return verdict(boxes, undefined);
  } finally {
    await handle.close();
  }
}

async function findBox(handle: FileHandle, from: number, to: number, type: string): Promise<{ offset: number; size: number } | undefined> {
  for await (const box of boxesIn(handle, from, to)) {
    if ('problem' in box) return undefined;
    if (box.type === type) return box;
  }
  return undefined;
}

export interface Mp4Movie {
  /** From moov/mvhd. */
  seconds?: number;
  /** The first track with a picture, as displayed (a 90° rotation swaps them). */
  width?: number;
  height?: number;
}

async function readAt(handle: FileHandle, length: number, position: number): Promise<Buffer | undefined> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return bytesRead === length ? buffer : undefined;
}

function mvhdSeconds(body: Buffer | undefined): number | undefined {
  if (!body) return undefined;
  const [timescale, duration] =
    body[0] === 1 ? [body.readUInt32BE(20), Number(body.readBigUInt64BE(24))] : [body.readUInt32BE(12), body.readUInt32BE(16)];
  return timescale > 0 && duration > 0 && duration !== 0xffffffff ? duration / timescale : undefined;
}

/** tkhd: version-dependent fields, then the 3×3 matrix, then width and height (16.16 fixed). */
function tkhdPicture(body: Buffer): { width: number; height: number } | undefined {
  const matrixAt = body[0] === 1 ? 52 : 40;
  if (body.length < matrixAt + 44) return undefined;
  const width = body.readUInt32BE(matrixAt + 36) / 65536;
  const height = body.readUInt32BE(matrixAt + 40) / 65536;
  if (!(width > 0 && height > 0)) return undefined;
  const [a, b] = [body.readInt32BE(matrixAt), body.readInt32BE(matrixAt + 4)];
  return a === 0 && b !== 0 ? { width: height, height: width } : { width, height };
}

/** Length and picture size from the headers of an MP4 (a few small reads); empty when it does not say. */
export async function readMp4Movie(path: string): Promise<Mp4Movie> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const moov = await findBox(handle, 0, size, 'moov');
    if (!moov) return {};
    const movie: Mp4Movie = {};
    for await (const box of boxesIn(handle, moov.offset + 8, moov.offset + moov.size)) {
      if ('problem' in box) break;
      if (box.type === 'mvhd') movie.seconds = mvhdSeconds(await readAt(handle, 32, box.offset + 8));
      if (box.type === 'trak' && movie.width === undefined) {
        const tkhd = await findBox(handle, box.offset + 8, box.offset + box.size, 'tkhd');
        const body = tkhd && tkhd.size <= 256 ? await readAt(handle, tkhd.size - 8, tkhd.offset + 8) : undefined;
        const picture = body ? tkhdPicture(body) : undefined;
        if (picture) Object.assign(movie, picture);
      }
    }
    return movie;
  } finally {
    await handle.close();
  }
}
