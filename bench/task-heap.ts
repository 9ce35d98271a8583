// plan-child's first import: a measured task's process gets the heap setting of the deptbot process
// before any of the bot's modules load, as bin/deptbot.js does (the setting applied after loading let
// the young generation grow first: 15-20 MB more peak RSS than the bot's own process). The peer
// scripts and the raw client are plain Node: their first argument is `peer:<task>` or `raw:<task>`.
import { favourSmallHeap } from '../src/process-heap';

if (!process.argv[2]?.includes(':')) favourSmallHeap();
