// `deptbot run <task…|--all> [--page T]`: plans and applies, one task at a time, each under its
// cross-process lock; then updates the status pages. SIGTERM/SIGINT stop before the next save.
import { runTask } from '../../core/run-task';
import type { CliDeps } from '../cli-deps';
import { EXIT_OK, exitCodeForReports } from '../exit-codes';
import { nothingToDo, selectTasks, tasksToRun } from '../select-tasks';
import { openWikiSession, withSession } from '../session';
import { StopSignal } from '../stop-signal';
import { assertNotShutOff, reportStatusUpdate, runUnderLocks } from '../task-runs';

export interface RunOptions {
  all?: boolean;
  page?: string;
}

export async function runCommand(deps: CliDeps, names: readonly string[], options: RunOptions): Promise<number> {
  const selection = selectTasks(deps.tasks, names, Boolean(options.all));
  const stop = new StopSignal(deps.signals, deps.forceExit);
  try {
    return await withSession(await openWikiSession(deps, false), async (session) => {
      const tasks = tasksToRun(selection, session.config);
      if (!tasks.length) {
        deps.stdout.write(nothingToDo(deps.tasks, 'run'));
        return EXIT_OK;
      }
      await assertNotShutOff(session.wiki, session.config);
      const { reports, notRun } = await runUnderLocks(deps, session, stop, tasks, (task) => task.name, 'deptbot run', (task, hooks) =>
        runTask({ ...session, clock: deps.clock, ...hooks }, { task, trigger: 'cli', dryRun: false, onlyPage: options.page }),
      );
      await reportStatusUpdate(deps, session, reports, 'cli', stop);
      return exitCodeForReports(reports, notRun);
    });
  } finally {
    stop.dispose();
  }
}
