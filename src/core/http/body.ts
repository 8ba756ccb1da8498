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

/**
 * A body backed by a Node stream (undici's answers). undici hands over fresh buffers, so the
 * next chunk may be passed on while the consumer is still busy with the previous one: two are
 * in flight at once (a download writes one slice while it hashes the next).
 */
export function readableBody(stream: Readable): Body {
  const discard = () => {
    // destroy() emits 'error' on undici bodies, which must not go unheard.
    stream.on('error', () => undefined);
    stream.destroy();
  };
  return {
    async pump(onChunk) {
      try {
        let previous: void | Promise<void> = undefined;
        for await (const chunk of stream) {
          const current = onChunk(chunk as Buffer);
          // Heard at once, awaited in turn: a failure must not count as unhandled meanwhile.
          if (current) current.catch(() => undefined);
          await previous;
          previous = current;
        }
        await previous;
      } catch (error) {
        discard();
        throw error;
      }
    },
    discard,
  };
}
