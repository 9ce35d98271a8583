#!/usr/bin/env node
// Entry point of the `deptbot` command: runs the compiled CLI (npm run build makes dist/).
require('../dist/src/process-heap.js').favourSmallHeap();
require('../dist/src/cli.js').main(process.argv).then((code) => {
  process.exitCode = code;
});
