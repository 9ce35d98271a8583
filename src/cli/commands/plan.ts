// `deptbot plan <task…|--all> [--page T] [--json FILE]`: what the tasks would change, as diffs and
// summaries. Dry-run at both ends: the client refuses any write. --json saves what `apply` needs.
// Each part of a plan is printed (and saved) as soon as it is prepared, then let go: a plan of many
// pages never holds all their texts at once.
import path from 'node:path';
import { PlanFileWriter } from '../../core/plan-file';
import { runTask } from '../../core/run-task';
import { endedInFailure, type TaskRunReport } from '../../core/run-loop';
import type { CliDeps } from '../cli-deps';
import { EXIT_OK, exitCodeForReports } from '../exit-codes';
import { formatPlanFooter, formatPlanHeader, formatPlannedChanges } from '../format-report';
import { nothingToDo, selectTasks, tasksToRun } from '../select-tasks';
import { ledgerWithPlannedRecords, type PlannedRecords } from '../plan-preview';
import { openWikiSession, withSession } from '../session';
import { warnIfShutOff } from '../task-runs';

export interface PlanOptions {
  all?: boolean;
  page?: string;
  json?: string;
}

export async function planCommand(deps: CliDeps, names: readonly string[], options: PlanOptions): Promise<number> {
  const selection = selectTasks(deps.tasks, names, Boolean(options.all));
  const color = Boolean(deps.stdout.isTTY);
  return withSession(await openWikiSession(deps, true), async (session) => {
    const tasks = tasksToRun(selection, session.config);
    if (!tasks.length) {
      deps.stdout.write(nothingToDo(deps.tasks, 'plan'));
      return EXIT_OK;
    }
    await warnIfShutOff(deps, session.wiki, session.config, tasks);
    const file = options.json ? path.resolve(options.json) : undefined;
    // Opened before planning, so that a file that cannot be written is known before the wait.
    let writer = file
      ? PlanFileWriter.open(file, { apiUrl: session.env.apiUrl, botName: session.wiki.userName, createdAt: deps.clock() })
      : undefined;
    try {
      const reports: TaskRunReport[] = [];
      const planned: PlannedRecords[] = [];
      const ledger = ledgerWithPlannedRecords(session.ledger, planned, deps.clock);
      for (const task of tasks) {
        deps.stdout.write(`${formatPlanHeader(task.name, color)}\n`);
        writer?.beginTask(task.name);
        const report = await runTask(
          {
            ...session,
            ledger,
            clock: deps.clock,
            onPlanned: (changes) => {
              if (!changes.length) return;
              deps.stdout.write(`${formatPlannedChanges(changes, color)}\n`);
              writer?.addChanges(changes);
            },
          },
          { task, trigger: 'cli', dryRun: true, onlyPage: options.page },
        );
        reports.push(report);
        planned.push({ task: task.name, records: report.records });
        deps.stdout.write(`${formatPlanFooter(report, color)}\n\n`);
        if (writer && endedInFailure(report)) {
          // Part of a plan is not a plan to review and apply: save none of it.
          writer.abort();
          writer = undefined;
          deps.stderr.write(`deptbot: the plan was not saved: planning ${task.name} failed; nothing was written to ${file}\n`);
        }
        writer?.endTask(report);
      }
      if (writer) {
        const total = writer.finish();
        deps.stdout.write(`Saved the plan (${total} change(s)) to ${file}; review it, then run: deptbot apply ${options.json}\n`);
      }
      return exitCodeForReports(reports);
    } finally {
      writer?.abort();
    }
  });
}
