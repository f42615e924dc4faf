/**
 * runs `work` on every item with at most `limit` calls in flight, starting the next item as soon
 * as one finishes, and resolves to the results in the items' order. `work` must not reject: a
 * failure of one item is a result, so the others run to the end.
 */
export async function runBounded<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`concurrency limit ${limit} is not a positive whole number; set training.maxConcurrentJobs to 1 or more`);
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
