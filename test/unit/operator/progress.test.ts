import { progressReporter } from '../../../src/cli/progress';

/** A terminal that keeps what was drawn on it. */
function terminal() {
  const chunks: string[] = [];
  return { isTTY: true, columns: 120, write: (chunk: string) => chunks.push(chunk) > 0, text: () => chunks.join('') };
}

describe('progressReporter', () => {
  it('follows a total that grows as the parts of a plan are prepared', () => {
    const stream = terminal();
    const progress = progressReporter(stream, 'alpha');

    progress.onProgress?.(1, 2);
    progress.onProgress?.(2, 2);
    progress.onProgress?.(3, 5); // a second part of three changes arrived
    progress.stop();

    // Updates in between may be skipped (the bar redraws at most every 100 ms); the last drawing is not.
    const drawn = stream.text();
    expect(drawn).toContain('alpha [');
    expect(drawn).toContain('3/5 pages');
    expect(drawn).not.toContain('3/2 pages');
  });

  it('draws nothing when the stream is not a terminal', () => {
    const stream = { ...terminal(), isTTY: false };
    const progress = progressReporter(stream, 'alpha');

    progress.onProgress?.(1, 2);
    progress.stop();

    expect(stream.text()).toBe('');
  });
});
