/**
 * Moving a download's body to disk: every byte is fingerprinted (sha256 and the MP4 box walk)
 * as it streams past and written in ~1 MiB writev batches at explicit positions, a few in
 * flight, so the socket keeps flowing while the disk catches up.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { Mp4Walker, type Mp4Check } from './mp4.js';
import { collectYoungGarbage } from './young-gc.js';
import type { StreamResponse } from './http.js';

/** Everything we verify about the bytes, computed as they stream past: sha256 and the MP4 structure. */
export class Fingerprint {
  private readonly hash: Hash = createHash('sha256');
  private readonly walker = new Mp4Walker();

  update(chunk: Buffer): void {
    this.hash.update(chunk);
    this.walker.update(chunk);
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

const batchBytes = 1 << 20;
const maxWritesInFlight = 4;
const collectEvery = 8 << 20;

/**
 * Body to file: chunks are gathered into ~1 MiB batches written with writev at explicit
 * positions, a few in flight, so the socket keeps flowing while the disk catches up. Received
 * bytes are always written before returning (also on error): the .part size is the resume point.
 */
export async function writeBody(body: StreamResponse['body'], file: FileHandle, start: number, fingerprint: Fingerprint, onChunk: (n: number) => void): Promise<void> {
  let position = start;
  let batch: Buffer[] = [];
  let pending = 0;
  let sinceCollect = 0;
  const inFlight = new Set<Promise<unknown>>();
  const flush = async () => {
    const buffers = batch;
    const size = pending;
    batch = [];
    pending = 0;
    const write: Promise<unknown> = file.writev(buffers, position).finally(() => inFlight.delete(write));
    position += size;
    inFlight.add(write);
    if (inFlight.size >= maxWritesInFlight) await Promise.race(inFlight);
  };
  try {
    for await (const chunk of body) {
      const buf = chunk as Buffer;
      fingerprint.update(buf);
      batch.push(buf);
      pending += buf.length;
      onChunk(buf.length);
      if (pending >= batchBytes) await flush();
      if ((sinceCollect += buf.length) >= collectEvery) {
        sinceCollect = 0;
        collectYoungGarbage();
      }
    }
  } finally {
    if (pending > 0) await flush().catch(() => undefined);
    const results = await Promise.allSettled([...inFlight]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

