// CPU work that can run while the wiki answers: a task starts its reads, then maps its pages in
// slices, handing the event loop back between slices so each answer is taken and the next batch
// is asked for at once. The requests stay one at a time (Wikimedia's API etiquette); only the
// bot's own work moves into the time it would otherwise spend waiting (DESIGN §5).
import { setImmediate as nextTurn } from 'node:timers/promises';

/** How long a slice may keep the event loop: an answer waits at most this long to be taken. */
const DEFAULT_SLICE_MS = 10;

/** A clock for work done in slices: awaiting its answer hands the event loop back once a slice's time is up. */
export function sliceClock(sliceMs = DEFAULT_SLICE_MS): () => Promise<void> | undefined {
  let sliceStart = performance.now();
  return () => {
    if (performance.now() - sliceStart < sliceMs) return undefined;
    return nextTurn().then(() => {
      sliceStart = performance.now();
    });
  };
}

export async function mapInSlices<T, R>(items: readonly T[], map: (item: T) => R, sliceMs = DEFAULT_SLICE_MS): Promise<R[]> {
  const results: R[] = [];
  const sliceEnds = sliceClock(sliceMs);
  for (const item of items) {
    const handBack = sliceEnds();
    if (handBack) await handBack;
    results.push(map(item));
  }
  return results;
}
