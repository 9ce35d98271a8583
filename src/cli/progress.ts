// The console of one command, designed as one thing: log lines and, on a terminal, a progress bar
// over a run's saves. While the bar is shown, log lines are handed to the bar's renderer, which
// prints them above the bar and redraws it below, so neither writes through the other. Elsewhere
// there is no bar: the writer's per-page log lines ("change applied") are the progress report.
import { Writable } from 'node:stream';
import type * as cliProgress from 'cli-progress';
import type { OutputStream } from './cli-deps';

/** cli-progress (0.3 MB of heap, 11 ms to load) is loaded when a bar is first shown: on a terminal, not in a job or a pipe. */
function progressBars(): typeof cliProgress {
  return require('cli-progress') as typeof cliProgress;
}

export interface ProgressReporter {
  onProgress?: (done: number, total: number) => void;
  stop(): void;
}

interface ShownBar {
  renderer: cliProgress.MultiBar;
  bar: cliProgress.SingleBar;
}

export class ConsoleOutput {
  private shown: ShownBar | null = null;

  /** The stream the logger writes its console lines to: above the bar while one is shown. */
  readonly logStream: NodeJS.WritableStream;

  constructor(private readonly stream: OutputStream) {
    this.logStream = new Writable({
      write: (chunk, _encoding, done) => {
        const text = String(chunk);
        if (this.shown) this.shown.renderer.log(text.endsWith('\n') ? text : `${text}\n`);
        else this.stream.write(text);
        done();
      },
    });
  }

  /** A bar labelled `label` (a terminal only); its total is the changes prepared so far and may grow. */
  progress(label: string): ProgressReporter {
    if (!this.stream.isTTY) return { stop: () => undefined };
    return {
      onProgress: (done, total) => {
        const { bar } = this.shown ?? this.showBar(label, total);
        if (total !== bar.getTotal()) bar.setTotal(total); // the total grows as the plan's parts are prepared
        bar.update(done);
      },
      stop: () => this.hideBar(),
    };
  }

  private showBar(label: string, total: number): ShownBar {
    const bars = progressBars();
    const renderer = new bars.MultiBar(
      {
        stream: this.stream as NodeJS.WritableStream,
        format: `${label} [{bar}] {value}/{total} pages`,
        hideCursor: true,
        clearOnComplete: true,
      },
      bars.Presets.shades_classic,
    );
    this.shown = { renderer, bar: renderer.create(total, 0) };
    return this.shown;
  }

  /** Prints the log lines still waiting for the next redraw, then clears the bar. */
  private hideBar(): void {
    if (!this.shown) return;
    const { renderer } = this.shown;
    this.shown = null;
    renderer.update();
    renderer.stop();
  }
}
