/**
 * Enough of an image's structure to know it is whole and has a size: PNG (IHDR … IEND), JPEG
 * (a frame header, and the end-of-image marker near the end) and WebP (VP8, VP8L, VP8X, and a
 * RIFF length the file actually has). A truncated or zero-sized image is refused before anything
 * is paid for, instead of being left to the API to bill and reject.
 */

export interface ImageSize {
  width: number;
  height: number;
}

type Read = { size?: ImageSize; problem?: string };

function png(head: Buffer, tail: Buffer): Read {
  if (head.length < 24 || head.toString('latin1', 12, 16) !== 'IHDR') return { problem: 'its PNG header (IHDR) is missing or cut short' };
  const size = { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
  if (tail.length < 12 || tail.toString('latin1', tail.length - 8, tail.length - 4) !== 'IEND')
    return { size, problem: 'the PNG ends early (no IEND): the file is truncated' };
  return { size };
}

function jpeg(head: Buffer, tail: Buffer): Read {
  let size: ImageSize | undefined;
  for (let at = 2; at + 9 < head.length;) {
    if (head[at] !== 0xff) return { problem: 'its JPEG markers are broken' };
    const marker = head[at + 1] as number;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01 || marker === 0xff) {
      at += marker === 0xff ? 1 : 2;
      continue;
    }
    const length = head.readUInt16BE(at + 2);
    // Start of frame: every SOFn but DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      size = { height: head.readUInt16BE(at + 5), width: head.readUInt16BE(at + 7) };
      break;
    }
    if (marker === 0xda) break;
    at += 2 + length;
  }
  if (!size) return { problem: 'no JPEG frame header (image size) was found' };
  const end = tail.lastIndexOf(Buffer.from([0xff, 0xd9]));
  if (end < 0) return { size, problem: 'the JPEG has no end-of-image marker: the file is truncated' };
  return { size };
}

function webp(head: Buffer, fileSize: number): Read {
  if (head.length < 30) return { problem: 'its WebP header is cut short' };
  if (head.readUInt32LE(4) + 8 > fileSize)
    return { problem: `the WebP says ${head.readUInt32LE(4) + 8} bytes but the file has ${fileSize}: it is truncated` };
  const chunk = head.toString('latin1', 12, 16);
  if (chunk === 'VP8X') return { size: { width: 1 + head.readUIntLE(24, 3), height: 1 + head.readUIntLE(27, 3) } };
  if (chunk === 'VP8 ') return { size: { width: head.readUInt16LE(26) & 0x3fff, height: head.readUInt16LE(28) & 0x3fff } };
  if (chunk === 'VP8L') {
    const bits = head.readUInt32LE(21);
    return { size: { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 } };
  }
  return { problem: `its WebP chunk ${JSON.stringify(chunk)} is not VP8, VP8L or VP8X` };
}

/** Why an image cannot be sent as it is, or undefined. `head`: its first bytes (up to 256 KiB); `tail`: its last (up to 64 KiB). */
export function imageProblem(mime: string, head: Buffer, tail: Buffer, fileSize: number): string | undefined {
  const read =
    mime === 'image/png' ? png(head, tail) : mime === 'image/jpeg' ? jpeg(head, tail) : mime === 'image/webp' ? webp(head, fileSize) : {};
  if (read.problem) return read.problem;
  if (read.size && (read.size.width === 0 || read.size.height === 0)) return `it is ${read.size.width}×${read.size.height} pixels`;
  return undefined;
}
