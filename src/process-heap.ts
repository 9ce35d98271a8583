// How the deptbot process uses memory. V8 normally lets the heap grow to as much as four times what
// was live at its last full collection before it collects again, which suits a busy server;
// deptbot mostly waits on the wiki and on its throttle, and runs in containers with a memory limit
// (Toolforge jobs). `--optimize-for-size` has V8 collect sooner and keep a smaller young
// generation; README "Performance" has what it saves.
import v8 from 'node:v8';

/** Called first by the process's entry point (bin/deptbot.js), before the bot's modules load. */
export function favourSmallHeap(): void {
  v8.setFlagsFromString('--optimize-for-size');
}
