/**
 * A fixed number of workers over a list: batch lines and watched tasks run through the same
 * pool. Results keep the list's order; `stop` ends the pool early (a fatal error, Ctrl-C) and
 * the items not started are handed to `skipped`.
 */
export interface PoolOptions<T, R> {
  concurrency: number;
  stop?: () => boolean;
  skipped?: (item: T) => R;
  onDone?: (result: R, item: T) => void;
}

export async function runPool<T, R>(items: readonly T[], work: (item: T, index: number) => Promise<R>, options: PoolOptions<T, R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      const item = items[i] as T;
      if (options.stop?.()) {
        if (!options.skipped) return;
        results[i] = options.skipped(item);
      } else {
        results[i] = await work(item, i);
      }
      options.onDone?.(results[i] as R, item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, items.length)) }, worker));
  return results;
}
