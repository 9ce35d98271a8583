// A small pool for the reliability suites: each run has its own copy, ledger and proxy, and mostly
// waits for the wiki, so two at a time halve the suites' time on a 2-core machine.

/** Runs `work` on each item, at most `width` at a time; results in the items' order. */
export async function inParallel<T, R>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: width }, lane));
  return results;
}
