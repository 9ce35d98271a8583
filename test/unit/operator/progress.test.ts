import { ConsoleOutput } from '../../../src/cli/progress';
import { TerminalScreen } from '../../support/terminal-screen';

/** A terminal that keeps what was drawn on it. */
function terminal() {
  const chunks: string[] = [];
  return { isTTY: true, columns: 120, write: (chunk: string) => chunks.push(chunk) > 0, text: () => chunks.join('') };
}

describe('ConsoleOutput.progress', () => {
  it('follows a total that grows as the parts of a plan are prepared', () => {
    const stream = terminal();
    const progress = new ConsoleOutput(stream).progress('alpha');

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
    const progress = new ConsoleOutput(stream).progress('alpha');

    progress.onProgress?.(1, 2);
    progress.stop();

    expect(stream.text()).toBe('');
  });
});

describe('ConsoleOutput on a terminal', () => {
  const write = (output: ConsoleOutput, line: string) => new Promise<void>((resolve) => output.logStream.write(line, () => resolve()));

  it('prints log lines above the bar, never through it, and leaves only them when the bar is done', async () => {
    const screen = new TerminalScreen();
    const output = new ConsoleOutput(screen);
    await write(output, 'before the bar\n');
    const progress = output.progress('alpha');

    progress.onProgress?.(0, 3);
    for (let done = 1; done <= 3; done++) {
      await write(output, `change applied ${done}\n`);
      progress.onProgress?.(done, 3);
    }
    // The bar redraws on its own clock: wait for one redraw, then look at the screen mid-run.
    await new Promise((resolve) => setTimeout(resolve, 250));
    const during = screen.text();
    expect(during.slice(0, -1)).toEqual(['before the bar', 'change applied 1', 'change applied 2', 'change applied 3']);
    expect(during[during.length - 1]).toMatch(/^alpha \[.*\] 3\/3 pages$/);

    await write(output, 'the last line, written as the bar stops\n');
    progress.stop();
    screen.write('summary on stdout\n');
    await write(output, 'after the bar\n');

    expect(screen.text()).toEqual([
      'before the bar',
      'change applied 1',
      'change applied 2',
      'change applied 3',
      'the last line, written as the bar stops',
      'summary on stdout',
      'after the bar',
    ]);
  });
});
