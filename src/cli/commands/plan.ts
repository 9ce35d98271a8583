// `deptbot plan <task…|--all> [--page T] [--json FILE]`: what the tasks would change, as diffs and
// summaries. Dry-run at both ends: the client refuses any write. --json saves what `apply` needs.
import path from 'node:path';
import { planFileFromReports, writePlanFile } from '../../core/plan-file';
import { runTask, type TaskRunReport } from '../../core/run-task';
import type { CliDeps } from '../cli-deps';
import { EXIT_OK, exitCodeForReports } from '../exit-codes';
import { formatPlanReport } from '../format-report';
import { nothingToDo, selectTasks, tasksToRun } from '../select-tasks';
import { openWikiSession, withSession } from '../session';

export interface PlanOptions {
  all?: boolean;
  page?: string;
  json?: string;
}

export async function planCommand(deps: CliDeps, names: readonly string[], options: PlanOptions): Promise<number> {
  const selection = selectTasks(deps.tasks, names, Boolean(options.all));
  return withSession(await openWikiSession(deps, true), async (session) => {
    const tasks = tasksToRun(selection, session.config);
    if (!tasks.length) {
      deps.stdout.write(nothingToDo(deps.tasks, 'plan'));
      return EXIT_OK;
    }
    const reports: TaskRunReport[] = [];
    for (const task of tasks) {
      const report = await runTask(
        { ...session, clock: deps.clock },
        { task, trigger: 'cli', dryRun: true, onlyPage: options.page },
      );
      reports.push(report);
      deps.stdout.write(`${formatPlanReport(report, Boolean(deps.stdout.isTTY))}\n\n`);
    }
    if (options.json) {
      const file = path.resolve(options.json);
      writePlanFile(
        file,
        planFileFromReports(reports, { apiUrl: session.env.apiUrl, botName: session.wiki.userName, createdAt: deps.clock() }),
      );
      const total = reports.reduce((sum, r) => sum + r.changes.length, 0);
      deps.stdout.write(`Saved the plan (${total} change(s)) to ${file}; review it, then run: deptbot apply ${options.json}\n`);
    }
    return exitCodeForReports(reports);
  });
}
