// CPU work that can run while the wiki answers: a task starts its reads, then maps its pages in
// slices, handing the event loop back between slices so each answer is taken and the next batch
// is asked for at once. The requests stay one at a time (Wikimedia's API etiquette); only the
// bot's own work moves into the time it would otherwise spend waiting (DESIGN §5).
import { setImmediate as nextTurn } from 'node:timers/promises';

/** How many items a slice maps before letting pending I/O through: a few tens of milliseconds of work. */
const DEFAULT_SLICE = 100;

export async function mapInSlices<T, R>(items: readonly T[], map: (item: T) => R, sliceSize = DEFAULT_SLICE): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += sliceSize) {
    if (start > 0) await nextTurn();
    for (const item of items.slice(start, start + sliceSize)) results.push(map(item));
  }
  return results;
}
