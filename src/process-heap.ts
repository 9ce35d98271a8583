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
 * 32 MB of RSS. It was 8 MB until 2026-12-07; at 4 MB every plan's peak RSS is 6-14 MB lower again
 * (office-hours at 10,000 pages 195-198 MB against 207-208; talk-reminders and translation-status at
 * 1,000 pages under 120 MB on either ledger backend), and the tasks that parse every page pay for it
 * at 10,000 pages: historical-banner 4.2 -> 4.8 s of CPU, office-hours 19.2 -> 22.1 s. 2 MB cost 15-25 %
 * more CPU; at 1 MB (what `--optimize-for-size` sets when given at start-up) more again. README
 * "Performance" has the measurements.
 */
export const YOUNG_GENERATION_OPTION = '--max-semi-space-size=4';

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
