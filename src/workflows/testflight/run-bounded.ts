export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

/**
 * Runs `worker` over `items` with at most `concurrency` in flight, in order of the items, and
 * settles each one on its own: one failure neither stops the others nor loses their results.
 * `stop` (checked before each start) ends the run early, e.g. after an authentication failure.
 */
export async function runBounded<T, R>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T, index: number) => Promise<R>,
  stop: () => boolean = () => false,
): Promise<Array<Settled<R> | undefined>> {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  const results: Array<Settled<R> | undefined> = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length && !stop()) {
      const index = next++;
      try {
        results[index] = { ok: true, value: await worker(items[index]!, index) };
      } catch (error) {
        results[index] = { ok: false, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}
