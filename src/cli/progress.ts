// A progress bar over the saves of a run, on a terminal only: elsewhere the writer's per-page log
// lines ("change applied") are the progress report. Its total is the changes prepared so far.
import cliProgress from 'cli-progress';
import type { OutputStream } from './cli-deps';

export interface ProgressReporter {
  onProgress?: (done: number, total: number) => void;
  stop(): void;
}

export function progressReporter(stream: OutputStream, label: string): ProgressReporter {
  if (!stream.isTTY) return { stop: () => undefined };
  let bar: cliProgress.SingleBar | null = null;
  return {
    onProgress: (done, total) => {
      if (!bar) {
        bar = new cliProgress.SingleBar(
          {
            stream: stream as NodeJS.WritableStream,
            format: `${label} [{bar}] {value}/{total} pages`,
            hideCursor: true,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
      } else if (total !== bar.getTotal()) {
        bar.setTotal(total); // the total grows as the plan's parts are prepared
      }
      bar.update(done);
    },
    stop: () => bar?.stop(),
  };
}
