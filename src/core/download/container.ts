/**
 * What a downloaded file is, told by its bytes (never by the URL), and whether it is whole: the
 * check for outputs that are not always an mp4 (images, ProRes, HDR, frame sequences).
 */
import { sniffMime } from '../../providers/media-ref.js';
import type { Mp4Check } from './mp4.js';

const extensions: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/x-exr': 'exr',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'video/webm': 'webm',
  'application/zip': 'zip',
  'audio/wav': 'wav',
  'audio/mpeg': 'mp3',
  'audio/ogg': 'ogg',
  'audio/mp4': 'm4a',
};

export type ContainerCheck = { ok: true; mime: string; extension: string } | { ok: false; reason: string };

const pngEnd = Buffer.from([0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
const zipEnd = Buffer.from('PK\x05\x06', 'latin1');

const oggPage = Buffer.from('OggS', 'latin1');

/** A WAV's RIFF header says how long it is (streaming writers leave 0 or all ones: nothing to check then). */
function wavTruncation(head: Buffer, size: number): string | undefined {
  if (head.length < 8) return 'the WAV has no header';
  const declared = head.readUInt32LE(4);
  if (declared === 0 || declared === 0xffffffff) return undefined;
  return declared + 8 > size ? `the WAV is ${size} bytes but its header says ${declared + 8}` : undefined;
}

/** Why a file of this type is cut short, judged by its first and last bytes (and the box walk for MP4/MOV). */
function truncation(mime: string, head: Buffer, tail: Buffer, size: number, mp4: () => Mp4Check): string | undefined {
  switch (mime) {
    case 'video/mp4':
    case 'video/quicktime':
    case 'audio/mp4': {
      const check = mp4();
      return check.ok ? undefined : check.reason;
    }
    case 'image/png':
      return tail.subarray(-8).equals(pngEnd) ? undefined : 'the PNG has no end chunk';
    case 'image/jpeg':
      return tail.at(-2) === 0xff && tail.at(-1) === 0xd9 ? undefined : 'the JPEG has no end marker';
    case 'image/webp':
      return head.length >= 8 && head.readUInt32LE(4) + 8 === size ? undefined : 'the WebP is shorter than its header says';
    case 'application/zip':
      return tail.includes(zipEnd) ? undefined : 'the ZIP archive has no end record';
    case 'audio/wav':
      return wavTruncation(head, size);
    case 'audio/ogg': {
      // The last page of a whole Ogg stream carries the end-of-stream flag.
      const last = tail.lastIndexOf(oggPage);
      return last >= 0 && last + 5 < tail.length && ((tail[last + 5] as number) & 0x04) !== 0
        ? undefined
        : 'the Ogg stream has no last page';
    }
    default:
      return undefined;
  }
}

export function checkContainer(head: Buffer, tail: Buffer, size: number, mp4: () => Mp4Check): ContainerCheck {
  const mime = sniffMime(head);
  const extension = mime === undefined ? undefined : extensions[mime];
  if (mime === undefined || extension === undefined)
    return {
      ok: false,
      reason: `its first bytes are not an image, video, audio or archive type this CLI knows (${head.subarray(0, 8).toString('hex')})`,
    };
  const cut = truncation(mime, head, tail, size, mp4);
  return cut ? { ok: false, reason: cut } : { ok: true, mime, extension };
}

/** The same path with the extension the bytes call for. */
export function withExtension(path: string, extension: string): string {
  return `${path.replace(/\.[A-Za-z0-9]{1,5}$/, '')}.${extension}`;
}
