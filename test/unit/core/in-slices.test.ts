import { setImmediate as nextTurn } from 'node:timers/promises';
import { mapInSlices } from '../../../src/core/in-slices';

describe('mapInSlices', () => {
  /** Keeps the CPU busy for `ms`, as a page's work does. */
  function busyFor(ms: number): void {
    const until = performance.now() + ms;
    while (performance.now() < until);
  }

  it('maps every item in order', async () => {
    const items = Array.from({ length: 250 }, (_, i) => i);
    expect(await mapInSlices(items, (i) => i * 2)).toEqual(items.map((i) => i * 2));
    expect(await mapInSlices([], (i: number) => i)).toEqual([]);
  });

  it('lets pending I/O callbacks run once a slice has used its time, not inside it', async () => {
    const events: string[] = [];
    // Stands for an answer from the wiki arriving while the task works.
    const answered = nextTurn().then(() => events.push('answer'));
    await mapInSlices([1, 2, 3, 4, 5], (i) => {
      events.push(`item ${i}`);
      busyFor(i === 2 ? 30 : 0);
    }, 20);
    await answered;
    expect(events).toEqual(['item 1', 'item 2', 'answer', 'item 3', 'item 4', 'item 5']);
  });
});
