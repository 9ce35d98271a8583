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
 * 32 MB of RSS; at 8 MB a plan's peak RSS is 10–20 MB lower at the same CPU time. Smaller was worse:
 * at 4 MB translation-status' peak rose by about 50 MB (more of its short-lived objects outlive a
 * small young generation and move to the old one), and 1 MB (what `--optimize-for-size` sets when
 * given at start-up) cost 10–20 % more CPU. README "Performance" has the measurements.
 */
export const YOUNG_GENERATION_OPTION = '--max-semi-space-size=8';

/**
 * Called first by the process's entry point (bin/deptbot.js), before the bot's modules load.
 * `--optimize-for-size` set while running has V8 collect the old generation sooner; the young
 * generation is set at start-up (YOUNG_GENERATION_OPTION).
 */
export function favourSmallHeap(): void {
  v8.setFlagsFromString('--optimize-for-size');
}
