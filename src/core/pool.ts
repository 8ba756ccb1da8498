/**
 * A fixed number of workers over a list or a stream: batch lines and watched tasks run through
 * the same pool. A stream is pulled only as workers free up, so a batch of 100,000 lines holds
 * `concurrency` of them at a time. `stop` ends the pool early (a fatal error, Ctrl-C) and the
 * items not started are handed to `skipped`.
 */
export interface PoolOptions<T, R> {
  concurrency: number;
  stop?: () => boolean;
  skipped?: (item: T) => R;
  onDone?: (result: R, item: T) => void;
}

/** Runs every item of a stream; results go to `onDone` only, none is kept. */
export async function drainPool<T, R>(
  items: AsyncIterable<T> | Iterable<T>,
  work: (item: T) => Promise<R>,
  options: PoolOptions<T, R>,
): Promise<void> {
  const source = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
  const worker = async () => {
    for (;;) {
      const next = await source.next();
      if (next.done) return;
      const item = next.value;
      let result: R;
      if (options.stop?.()) {
        if (!options.skipped) continue;
        result = options.skipped(item);
      } else {
        result = await work(item);
      }
      options.onDone?.(result, item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
}

/** Runs a list; the results keep its order. */
export async function runPool<T, R>(
  items: readonly T[],
  work: (item: T, index: number) => Promise<R>,
  options: PoolOptions<T, R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  await drainPool(
    items.map((item, index) => ({ item, index })),
    async ({ item, index }) => (results[index] = await work(item, index)),
    {
      concurrency: Math.min(options.concurrency, Math.max(1, items.length)),
      stop: options.stop,
      skipped: options.skipped ? ({ item, index }) => (results[index] = (options.skipped as (item: T) => R)(item)) : undefined,
      onDone: (result, { item }) => options.onDone?.(result, item),
    },
  );
  return results;
}
