/**
 * An answer body as the rest of the core sees it, whichever transport produced it: handed over
 * chunk by chunk to a synchronous consumer, or dropped.
 */
import type { Readable } from 'node:stream';

export interface Body {
  /**
   * Hands every chunk to `onChunk` until the body ends. A chunk's memory may be reused once
   * `onChunk` returns — or, if it returns a promise, once that settles; reading waits for it.
   * If `onChunk` throws or its promise rejects, the body is dropped and `pump` rejects with that
   * error (it does not wait for other pending promises: they remain the consumer's).
   */
  pump(onChunk: (chunk: Buffer) => void | Promise<void>): Promise<void>;
  /** Drops the rest of the body and its connection. */
  discard(): void;
}

/** Slices handed to the consumer: one fs write and one progress event per MiB, not per 64 KiB. */
const sliceBytes = 1 << 20;

/**
 * A body backed by a Node stream (undici's answers). Chunks already waiting in the stream are
 * gathered into slices of up to 1 MiB (a chunk is passed on at once when nothing more is
 * buffered, so progress and a cut connection lose nothing). undici hands over fresh buffers, so
 * the next slice may be passed on while the consumer is still busy with the previous one: two
 * are in flight at once (a download writes one slice while it hashes the next).
 */
export function readableBody(stream: Readable): Body {
  const discard = () => {
    // destroy() emits 'error' on undici bodies, which must not go unheard.
    stream.on('error', () => undefined);
    stream.destroy();
  };
  return {
    async pump(onChunk) {
      let previous: Promise<void> = Promise.resolve();
      let gathered: Buffer[] = [];
      let size = 0;
      const hand = async () => {
        const slice = gathered.length === 1 ? (gathered[0] as Buffer) : Buffer.concat(gathered, size);
        gathered = [];
        size = 0;
        const current = onChunk(slice);
        // Heard at once, awaited in turn: a failure must not count as unhandled meanwhile.
        if (current) current.catch(() => undefined);
        await previous;
        previous = current ?? Promise.resolve();
      };
      try {
        for await (const chunk of stream) {
          gathered.push(chunk as Buffer);
          size += (chunk as Buffer).length;
          if (size >= sliceBytes || stream.readableLength === 0) await hand();
        }
        if (size > 0) await hand();
        await previous;
      } catch (error) {
        // What arrived before the failure still reaches the consumer (the .part keeps it).
        if (size > 0) await hand().catch(() => undefined);
        await Promise.resolve(previous).catch(() => undefined);
        discard();
        throw error;
      }
    },
    discard,
  };
}
