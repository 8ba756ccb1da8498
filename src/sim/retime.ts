/**
 * The fixture clip made as long as a task asked, still a valid MP4: every sample's duration
 * (stts) is stretched by the same factor and the movie, track and media durations (mvhd, tkhd,
 * mdhd, elst) follow, so ffprobe and players read the task's length. Box sizes do not change.
 */

const containers = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'edts']);

interface Box {
  type: string;
  start: number;
  /** Where the payload begins. */
  body: number;
  end: number;
}

function* boxes(mp4: Buffer, from: number, to: number): Generator<Box> {
  for (let at = from; at + 8 <= to;) {
    let size = mp4.readUInt32BE(at);
    let body = at + 8;
    if (size === 1) {
      size = Number(mp4.readBigUInt64BE(at + 8));
      body = at + 16;
    }
    if (size < 8 || at + size > to) return;
    yield { type: mp4.toString('latin1', at + 4, at + 8), start: at, body, end: at + size };
    at += size;
  }
}

/** Reads or writes a version-dependent field: 32 bits in version 0, 64 in version 1. */
function scale(mp4: Buffer, at: number, wide: boolean, factor: number): void {
  if (wide) mp4.writeBigUInt64BE(BigInt(Math.round(Number(mp4.readBigUInt64BE(at)) * factor)), at);
  else mp4.writeUInt32BE(Math.min(0xffffffff, Math.round(mp4.readUInt32BE(at) * factor)), at);
}

function visit(mp4: Buffer, from: number, to: number, factor: number): void {
  for (const box of boxes(mp4, from, to)) {
    const wide = mp4[box.body] === 1;
    if (containers.has(box.type)) visit(mp4, box.body, box.end, factor);
    else if (box.type === 'mvhd') scale(mp4, box.body + (wide ? 20 : 16), wide, factor);
    else if (box.type === 'tkhd') scale(mp4, box.body + (wide ? 28 : 20), wide, factor);
    else if (box.type === 'mdhd') scale(mp4, box.body + (wide ? 24 : 16), wide, factor);
    else if (box.type === 'elst') {
      const count = mp4.readUInt32BE(box.body + 4);
      for (let i = 0, at = box.body + 8; i < count; i++, at += wide ? 20 : 12) scale(mp4, at, wide, factor);
    } else if (box.type === 'stts') {
      const count = mp4.readUInt32BE(box.body + 4);
      for (let i = 0; i < count; i++) scale(mp4, box.body + 8 + i * 8 + 4, false, factor);
    }
  }
}

/** A copy of `mp4` lasting `seconds` instead of `ownSeconds`. */
export function retimed(mp4: Buffer, ownSeconds: number, seconds: number): Buffer {
  const copy = Buffer.from(mp4);
  if (seconds > 0 && Math.abs(seconds - ownSeconds) > 1e-9) visit(copy, 0, copy.length, seconds / ownSeconds);
  return copy;
}
