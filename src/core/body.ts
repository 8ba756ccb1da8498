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

/** A body backed by a Node stream (undici's answers). */
export function readableBody(stream: Readable): Body {
  const discard = () => {
    // destroy() emits 'error' on undici bodies, which must not go unheard.
    stream.on('error', () => undefined);
    stream.destroy();
  };
  return {
    async pump(onChunk) {
      try {
        for await (const chunk of stream) await onChunk(chunk as Buffer);
      } catch (error) {
        discard();
        throw error;
      }
    },
    discard,
  };
}
