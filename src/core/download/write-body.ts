/**
 * Moving a download's body to disk: every byte is fingerprinted (sha256 and the MP4 box walk)
 * as it streams past and written at its position.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, ftruncate, write } from 'node:fs';
import { Mp4Walker, type Mp4Check } from './mp4.js';
import type { Body } from '../http/body.js';

/** Everything we verify about the bytes, computed as they stream past: sha256, the MP4 structure, the type. */
export class Fingerprint {
  private readonly hash: Hash = createHash('sha256');
  private readonly walker = new Mp4Walker();
  /** The first and last bytes seen: enough to tell a file's type and whether it ends whole. */
  head: Buffer = Buffer.alloc(0);
  tail: Buffer = Buffer.alloc(0);
  size = 0;

  update(chunk: Buffer): void {
    this.hash.update(chunk);
    this.walker.update(chunk);
    this.size += chunk.length;
    if (this.head.length < 64) this.head = Buffer.concat([this.head, chunk.subarray(0, 64 - this.head.length)]);
    this.tail = chunk.length >= 64 ? Buffer.from(chunk.subarray(-64)) : Buffer.concat([this.tail, chunk]).subarray(-64);
  }

  async updateFromFile(path: string): Promise<void> {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) this.update(chunk as Buffer);
  }

  sha256(): string {
    return this.hash.digest('hex');
  }

  mp4(): Mp4Check {
    return this.walker.finish();
  }
}

/**
 * Writes `chunk` at `position`, calling `landed` with how many of its bytes have reached the
 * file so far (a write can be short, then fail).
 */
export type SliceWriter = (fd: number, chunk: Buffer, position: number, landed: (bytes: number) => void) => Promise<void>;

/**
 * Body to file. Each slice the transport hands over (up to 1 MiB) is written at its position by
 * the thread pool while this thread fingerprints the same bytes, and the transport reads on once
 * the write is done: hashing and writing overlap, and nothing is copied. Every write has
 * finished before this returns (also on error), and after a failed write the file is cut back
 * to the bytes that are there without a gap, so the .part size is always the resume point.
 */
export async function writeBody(
  body: Body,
  fd: number,
  start: number,
  fingerprint: Fingerprint,
  onChunk: (n: number) => void,
  writeSlice: SliceWriter = writeAt,
): Promise<void> {
  let position = start;
  const inFlight = new Set<Promise<void>>();
  let writeError: unknown;
  let readError: unknown;
  // Two slices are written at once: when one fails, the next may still land beyond it.
  let gapAt = Infinity;
  await body
    .pump((chunk) => {
      const at = position;
      let landed = 0;
      const write = writeSlice(fd, chunk, at, (bytes) => (landed = bytes));
      position += chunk.length;
      inFlight.add(write);
      write.then(
        () => {
          inFlight.delete(write);
          // Progress counts bytes on disk, so a full disk never shows more than was saved.
          onChunk(chunk.length);
        },
        (error: unknown) => {
          inFlight.delete(write);
          writeError ??= error;
          gapAt = Math.min(gapAt, at + landed);
        },
      );
      fingerprint.update(chunk);
      return write;
    })
    .catch((error: unknown) => (readError = error ?? new Error('the download failed')));
  await Promise.allSettled([...inFlight]);
  // A failed write outranks whatever the transport reported: a full disk is not worth a retry.
  if (writeError) {
    await cutAt(fd, gapAt);
    throw writeError;
  }
  if (readError) throw readError;
}

function cutAt(fd: number, length: number): Promise<void> {
  return new Promise((resolve) => ftruncate(fd, length, () => resolve()));
}

export function writeAt(fd: number, chunk: Buffer, position: number, landed: (bytes: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const from = (done: number) =>
      write(fd, chunk, done, chunk.length - done, position + done, (error, written) => {
        if (error) return reject(error);
        landed(done + written);
        if (done + written < chunk.length) from(done + written);
        else resolve();
      });
    from(0);
  });
}
