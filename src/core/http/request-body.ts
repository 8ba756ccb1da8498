/**
 * Request bodies with a known length, made of fixed bytes and files (uploads). Files are read
 * slice by slice as the transport pulls them, so memory stays flat whatever the file size, and a
 * retry reads the file again from the start.
 */
import { createReadStream } from 'node:fs';
import { UsageError } from '../errors.js';

export type BodyPart = Buffer | { path: string; bytes: number };

export interface RequestBody {
  readonly length: number;
  /** Every byte, in order; a new iteration starts over (a retried request). */
  chunks(): AsyncIterable<Buffer>;
}

const sliceBytes = 1 << 20;

export function requestBody(parts: BodyPart[]): RequestBody {
  return {
    length: parts.reduce((sum, part) => sum + (Buffer.isBuffer(part) ? part.length : part.bytes), 0),
    async *chunks() {
      for (const part of parts) {
        if (Buffer.isBuffer(part)) {
          yield part;
          continue;
        }
        let sent = 0;
        if (part.bytes > 0) {
          for await (const chunk of createReadStream(part.path, { start: 0, end: part.bytes - 1, highWaterMark: sliceBytes })) {
            sent += (chunk as Buffer).length;
            yield chunk as Buffer;
          }
        }
        if (sent < part.bytes) {
          throw new UsageError(`${part.path} became shorter while it was being uploaded (expected ${part.bytes} bytes, it has ${sent}).`, {
            hint: 'Upload it again once the file is complete.',
          });
        }
      }
    },
  };
}

/** The same body, reporting the bytes the transport has taken so far (from 0 on every attempt). */
export function withProgress(body: RequestBody, onSent: (sent: number) => void): RequestBody {
  return {
    length: body.length,
    async *chunks() {
      let sent = 0;
      for await (const chunk of body.chunks()) {
        yield chunk;
        sent += chunk.length;
        onSent(sent);
      }
    },
  };
}
