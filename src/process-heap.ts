// How the deptbot process uses memory. V8 normally lets the heap grow to as much as four times what
// was live at its last full collection before it collects again, which suits a busy server;
// deptbot mostly waits on the wiki and on its throttle, and runs in containers with a memory limit
// (Toolforge jobs). README "Performance" has what each setting saves.
import v8 from 'node:v8';

/**
 * The young generation's largest size, which V8 fixes when it starts, before any script runs: so it
 * is a Node option, given where the process is started: deploy/toolforge/run-task.sh,
 * deploy/systemd/deptbot.service and the benchmark's task runs (test/unit/operator/process-heap.test.ts
 * checks the first two). By default each of V8's two semi-spaces grows to 16 MB as a run allocates,
 * 32 MB of RSS; at 8 MB a plan's peak RSS is 10–20 MB lower at the same CPU time. Smaller costs
 * CPU: at 4 MB (tried again on 2026-12-07) every row's peak was 6–14 MB lower still, but
 * historical-banner and office-hours took about 15 % more CPU at 10,000 pages; 1 MB (what
 * `--optimize-for-size` sets when given at start-up) cost 10–20 % more. README "Performance" has
 * the measurements.
 */
export const YOUNG_GENERATION_OPTION = '--max-semi-space-size=8';

/**
 * Called first by the process's entry point (bin/deptbot.js), before the bot's modules load: V8
 * collects the old generation once it has grown 10 % past what was live at the last full
 * collection (its default lets it grow much further on a large heap). Until issue 20 this was
 * `--optimize-for-size`, which also collects sooner but makes V8 trade execution speed for size
 * everywhere: wikitext parses took three times as long (historical-banner at 10,000 pages 9.3 s of
 * CPU against 4.9 s now, office-hours 50.6 s against 21.5 s, at the same peak RSS give or take
 * 15 MB). The young generation is set at start-up (YOUNG_GENERATION_OPTION).
 */
export function favourSmallHeap(): void {
  v8.setFlagsFromString('--heap-growing-percent=10');
}
