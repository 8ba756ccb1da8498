/** Local media files: checked (exists, readable, non-empty, real type by content) before any request. */
import { open, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { UsageError } from '../errors.js';
import { fsReason } from '../files/fs-reason.js';
import { sniffMime } from '../../providers/media-ref.js';
import { formatBytes } from '../format-bytes.js';
import { imageProblem } from './image-header.js';
import { checkMp4 } from '../download/mp4.js';

export interface LocalFile {
  path: string;
  name: string;
  bytes: number;
  mime: string;
}

export type MediaKind = 'image' | 'video' | 'audio' | 'any';

const images = ['image/jpeg', 'image/png', 'image/webp'];
const videos = ['video/mp4', 'video/quicktime', 'video/webm'];
const audios = ['audio/mpeg', 'audio/wav', 'audio/mp4', 'audio/ogg'];
const accepted: Record<MediaKind, string[]> = { image: images, video: videos, audio: audios, any: [...images, ...videos] };
const acceptedText: Record<MediaKind, string> = {
  image: 'a JPEG, PNG or WebP image',
  video: 'an MP4, MOV or WebM video',
  audio: 'an MP3, WAV, M4A or Ogg audio file',
  any: 'a JPEG, PNG or WebP image or an MP4, MOV or WebM video',
};

function describeFsError(path: string, role: string, error: NodeJS.ErrnoException): UsageError {
  switch (error.code) {
    case 'ENOENT':
      return new UsageError(`${role} ${path}: no such file.`);
    case 'EACCES':
    case 'EPERM':
      return new UsageError(`${role} ${path}: permission denied; the file cannot be read.`);
    case 'EISDIR':
      return new UsageError(`${role} ${path} is a directory, not a file.`);
    default:
      return new UsageError(`${role} ${path} cannot be read: ${fsReason(error) ?? error.message}`);
  }
}

export async function inspectLocalFile(path: string, kind: MediaKind, role: string, maxBytes: number, minBytes = 1): Promise<LocalFile> {
  let size: number;
  let head: Buffer;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    // A pipe (`--image <(…)`) or device would block the open or have no size to announce.
    if (!info.isFile()) throw new UsageError(`${role} ${path} is not a regular file (a pipe, socket or device); save it to a file first.`);
    size = info.size;
    const handle = await open(path, 'r');
    try {
      head = Buffer.alloc(32);
      await handle.read(head, 0, 32, 0);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw describeFsError(path, role, error as NodeJS.ErrnoException);
  }
  if (size === 0) throw new UsageError(`${role} ${path} is empty (0 bytes).`);
  const mime = sniffMime(head);
  if (!mime || !accepted[kind].includes(mime)) {
    throw new UsageError(`${role} ${path} is not ${acceptedText[kind]}${mime ? ` (its content is ${mime})` : ''}.`);
  }
  if (size < minBytes) {
    throw new UsageError(
      `${role} ${path} is ${formatBytes(size)}; ${role === 'upload' ? 'uploads' : 'uploaded files'} must be at least ` +
        `${formatBytes(minBytes)}.`,
    );
  }
  if (size > maxBytes) {
    throw new UsageError(`${role} ${path} is ${formatBytes(size)}; the limit is ${formatBytes(maxBytes)}.`);
  }
  if (mime.startsWith('image/')) {
    const problem = imageProblem(mime, ...(await headAndTail(path, size)), size);
    if (problem)
      throw new UsageError(`${role} ${path} is not a usable image: ${problem}.`, {
        hint: 'Export or download the image again; nothing was sent.',
      });
  }
  return { path, name: basename(path), bytes: size, mime };
}

/** A clip cut short (a failed copy, a download stopped early) is refused, not paid for and then refused by the API. */
export async function checkWholeVideo(file: LocalFile, role: string): Promise<void> {
  if (file.mime !== 'video/mp4' && file.mime !== 'video/quicktime') return;
  const check = await checkMp4(file.path);
  if (!check.ok)
    throw new UsageError(`${role} ${file.path} is not a usable video: ${check.reason}.`, {
      hint: 'Copy or download the video again; nothing was sent.',
    });
}

/** The first 256 KiB and the last 64 KiB of a file (the whole file when smaller). */
async function headAndTail(path: string, size: number): Promise<[Buffer, Buffer]> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(size, 256 * 1024));
    await handle.read(head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(size, 64 * 1024));
    await handle.read(tail, 0, tail.length, size - tail.length);
    return [head, tail];
  } finally {
    await handle.close();
  }
}

export async function dataUriOf(file: LocalFile): Promise<string> {
  return `data:${file.mime};base64,${(await readFile(file.path)).toString('base64')}`;
}

/** Encoded length of a data URI for `bytes` of content. */
export function dataUriLength(mime: string, bytes: number): number {
  return `data:${mime};base64,`.length + Math.ceil(bytes / 3) * 4;
}
