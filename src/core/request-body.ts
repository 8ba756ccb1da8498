/**
 * Request bodies with a known length, made of fixed bytes and files (uploads). A file is read
 * into two reused 1 MiB buffers: the socket sends one while the next slice is read into the
 * other, so memory stays flat and nothing is allocated per slice (fresh 1 MiB buffers per
 * slice cost a third of an upload's time in page faults and collections).
 */
import { open } from 'node:fs/promises';
import { UsageError } from './errors.js';

export type BodyPart = Buffer | { path: string; bytes: number };

/** Settles once the transport is done with `chunk`'s memory. */
export type ChunkWriter = (chunk: Buffer) => Promise<void>;

export interface RequestBody {
  readonly length: number;
  /** Writes every byte, in order; may be called again for a retried request. */
  send(write: ChunkWriter): Promise<void>;
}

const sliceBytes = 1 << 20;

export function requestBody(parts: BodyPart[]): RequestBody {
  return {
    length: parts.reduce((sum, part) => sum + (Buffer.isBuffer(part) ? part.length : part.bytes), 0),
    async send(write) {
      const buffers = [Buffer.allocUnsafe(sliceBytes), Buffer.allocUnsafe(sliceBytes)];
      const inFlight: Promise<void>[] = [Promise.resolve(), Promise.resolve()];
      let next = 0;
      const track = (written: Promise<void>) => {
        // Awaited later (before the memory is reused, and at the end); until then a failure
        // must not count as unhandled.
        written.catch(() => undefined);
        return written;
      };
      try {
        for (const part of parts) {
          if (Buffer.isBuffer(part)) {
            await Promise.all(inFlight);
            inFlight[next] = track(write(part));
            continue;
          }
          const file = await open(part.path, 'r');
          try {
            for (let sent = 0; sent < part.bytes; next = 1 - next) {
              await inFlight[next];
              const buffer = buffers[next] as Buffer;
              const { bytesRead } = await file.read(buffer, 0, Math.min(sliceBytes, part.bytes - sent), sent);
              if (bytesRead === 0) throw new UsageError(`${part.path} became shorter while it was being uploaded (expected ${part.bytes} bytes, it has ${sent}).`, { hint: 'Upload it again once the file is complete.' });
              inFlight[next] = track(write(buffer.subarray(0, bytesRead)));
              sent += bytesRead;
            }
          } finally {
            await file.close();
          }
        }
      } finally {
        await Promise.allSettled(inFlight);
      }
      await Promise.all(inFlight);
    },
  };
}

/** The same body, reporting the bytes the transport has taken so far (from 0 on every send). */
export function withProgress(body: RequestBody, onSent: (sent: number) => void): RequestBody {
  return {
    length: body.length,
    send(write) {
      let sent = 0;
      return body.send((chunk) =>
        write(chunk).then(() => {
          sent += chunk.length;
          onSent(sent);
        }),
      );
    },
  };
}
