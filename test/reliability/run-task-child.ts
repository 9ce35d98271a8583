// The bot as a process of its own, for the crash suite: one real run of one task under the task's
// lock, as `deptbot run` makes it, which the suite may kill -9 at any request. Started by
// test/reliability/child-process.ts from the JavaScript that build-child.ts makes of this file.
import fs from 'node:fs';
import type { Config } from '../../src/config/schema';
import { errorMessage } from '../../src/core/errors';
import { runTask } from '../../src/core/run-task';
import { readEnvOptions } from '../../src/env';
import { acquireTaskLock } from '../../src/ledger/task-lock';
import { openRuntime } from '../../src/runtime';
import { registeredTasks } from '../../tasks';
import { appendTask } from '../support/append-task';

export interface ChildRunSpec {
  task: string;
  config: Config;
  /** The run's clock (ISO): the same in every run, so that copies get the same text. */
  now: string;
  /** Pages per part of the plan (RunDeps.pagesPerPart). */
  pagesPerPart: number;
}

/** What the child prints on stdout, as one JSON line, when its run ends. */
export interface ChildRunResult {
  result: string;
  outcomes: Array<{ title: string; status: string; reason?: string }>;
  /** The lock was taken over from a process that is gone (the killed run). */
  lockTakenOver: boolean;
}

async function runChild(specFile: string): Promise<ChildRunResult> {
  const spec = JSON.parse(fs.readFileSync(specFile, 'utf8')) as ChildRunSpec;
  const tasks = [...registeredTasks, appendTask];
  const task = tasks.find((t) => t.name === spec.task);
  if (!task) throw new Error(`no task "${spec.task}"`);
  const clock = () => new Date(spec.now);
  const runtime = await openRuntime({ env: readEnvOptions(process.env), configDir: '', tasks, dryRun: false, config: spec.config, pretty: false });
  try {
    const lock = acquireTaskLock(runtime.ledger, task.name, { command: 'crash suite run', clock });
    try {
      const report = await runTask(
        { wiki: runtime.wiki, ledger: runtime.ledger, config: runtime.config, log: runtime.log, clock, pagesPerPart: spec.pagesPerPart },
        { task, trigger: 'cli', dryRun: false },
      );
      return {
        result: report.result,
        outcomes: report.outcomes.map((o) => ({ title: o.title, status: o.status, ...(o.reason ? { reason: o.reason } : {}) })),
        lockTakenOver: lock.replaced !== undefined,
      };
    } finally {
      lock.release();
    }
  } finally {
    runtime.close();
  }
}

if (require.main === module) {
  runChild(process.argv[2]).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`run-task-child: ${errorMessage(error)}\n`);
      process.exitCode = 1;
    },
  );
}
