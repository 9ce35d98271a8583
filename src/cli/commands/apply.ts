// `deptbot apply <plan.json>`: applies exactly a reviewed plan. Every page whose revision moved since
// the plan was made is refused and named (exit 1); the others are saved through the one writer.
import { UsageError } from '../../core/errors';
import { applySavedTaskPlan, readPlanFile } from '../../core/plan-file';
import { recordProblems } from '../../ledger/task-ledger';
import type { CliDeps } from '../cli-deps';
import { EXIT_OK, exitCodeForReports } from '../exit-codes';
import { openWikiSession, withSession } from '../session';
import { StopSignal } from '../stop-signal';
import { assertNotShutOff, reportStatusUpdate, runUnderLocks } from '../task-runs';

export async function applyCommand(deps: CliDeps, file: string): Promise<number> {
  const plan = readPlanFile(file);
  const known = new Set(deps.tasks.map((task) => task.name));
  const unknown = plan.tasks.filter((saved) => !known.has(saved.task)).map((saved) => `"${saved.task}"`);
  if (unknown.length) throw new UsageError(`${file}: plans task ${unknown.join(', ')}, which this deptbot does not know`);
  const malformed = plan.tasks.flatMap((saved) =>
    recordProblems(deps.tasks.find((task) => task.name === saved.task)?.ledger, [...saved.records, ...saved.changes.flatMap((c) => c.records)]).map(
      (problem) => `${saved.task}: ${problem}`,
    ),
  );
  if (malformed.length) throw new UsageError(`${file}: ${malformed.join('; ')}`);
  const stop = new StopSignal(deps.signals, deps.forceExit);
  try {
    return await withSession(await openWikiSession(deps, false), async (session) => {
      if (plan.apiUrl !== session.env.apiUrl) {
        throw new UsageError(`${file} was planned on ${plan.apiUrl}, but MW_API_URL is ${session.env.apiUrl}; re-plan on this wiki`);
      }
      if (!plan.tasks.some((saved) => saved.changes.length)) {
        deps.stdout.write(`${file} has no changes to apply.\n`);
        return EXIT_OK;
      }
      await assertNotShutOff(session.wiki, session.config);
      const { reports, notRun } = await runUnderLocks(deps, session, stop, plan.tasks, (saved) => saved.task, 'deptbot apply', (saved, hooks) =>
        applySavedTaskPlan({ ...session, clock: deps.clock, ...hooks }, saved),
      );
      const refused = reports.flatMap((r) => r.outcomes.filter((o) => o.status === 'failed').map((o) => `"${o.title}"`));
      if (refused.length) {
        deps.stderr.write(`deptbot: not applied: ${refused.join(', ')}; re-plan with "deptbot plan" and review again\n`);
      }
      await reportStatusUpdate(deps, session, reports, 'apply', stop);
      return exitCodeForReports(reports, notRun);
    });
  } finally {
    stop.dispose();
  }
}
