// What `run`, `apply` and the daemon share around a task run: the global shutoff check, the
// cross-process task lock, and the status pages afterwards.
import type { Config } from '../config/schema';
import { ShutoffError, errorMessage } from '../core/errors';
import { isSaved } from '../core/planned-change';
import { endedInFailure, type TaskRunReport } from '../core/run-loop';
import { readShutoff, shutoffPages, type ShutoffState } from '../core/shutoff';
import type { Task } from '../core/task';
import type { RunTrigger } from '../ledger/ledger';
import { TaskLockHeldError, acquireTaskLock } from '../ledger/task-lock';
import { redactSecrets } from '../log/logger';
import { publishStatusPages, type StatusPublishReport } from '../status/publish-status';
import type { WikiReader } from '../wiki/client';
import type { CliDeps } from './cli-deps';
import { formatRunReport, formatStatusUpdate } from './format-report';
import type { WikiSession } from './session';
import type { StopSignal } from './stop-signal';

/** Before a command that writes: an active global shutoff stops it at once (exit 3). */
export async function assertNotShutOff(wiki: WikiReader, config: Config): Promise<void> {
  const state = await readShutoff(wiki, [config.safety.shutoffPage]);
  if (state.active) throw new ShutoffError(state.page, state.reason);
}

/**
 * Before a plan (which writes nothing, so is not stopped): an active shutoff, global or of one of
 * `tasks`, is said on stderr, since `apply` of this plan and `run` would be stopped by it.
 */
export async function warnIfShutOff(deps: CliDeps, wiki: WikiReader, config: Config, tasks: readonly Task[]): Promise<void> {
  const warn = (state: ShutoffState, stopped: string) => {
    if (!state.active) return false;
    const stop = new ShutoffError(state.page, state.reason).message;
    deps.stderr.write(`deptbot: warning: ${stop}; "run" and "apply" would save nothing of ${stopped} until it is lifted\n`);
    return true;
  };
  if (warn(await readShutoff(wiki, [config.safety.shutoffPage]), 'any task')) return;
  for (const task of tasks) {
    const [, taskPage] = shutoffPages(config.safety.shutoffPage, task.name);
    warn(await readShutoff(wiki, [taskPage]), task.name);
  }
}

/** Runs `work` holding the task's lock; throws TaskLockHeldError (naming the holder) when it is taken. */
export async function withTaskLock<T>(
  session: Pick<WikiSession, 'ledger' | 'log'>,
  task: string,
  command: string,
  clock: () => Date,
  work: () => Promise<T>,
): Promise<T> {
  const lock = acquireTaskLock(session.ledger, task, { command, clock });
  if (lock.replaced) session.log.warn('took over the lock of a process that is gone', { task, holder: lock.replaced });
  try {
    return await work();
  } finally {
    lock.release();
  }
}

/**
 * After runs that may write, brings the status and Tasks pages up to date. A failure here is
 * logged and returned, never thrown: the runs themselves are done and recorded.
 */
export async function updateStatusPages(
  session: WikiSession,
  tasks: readonly Task[],
  trigger: RunTrigger,
  reports: readonly TaskRunReport[],
  clock: () => Date,
  shouldStop: () => boolean,
): Promise<StatusPublishReport | { error: string }> {
  const afterSave = reports.some((r) => r.outcomes.some(isSaved));
  try {
    return await publishStatusPages({ ...session, tasks, clock, shouldStop }, trigger, afterSave);
  } catch (error) {
    session.log.error('status pages not updated', { error: errorMessage(error), stack: (error as Error)?.stack });
    return { error: errorMessage(error) };
  }
}

/** Prints the status-page lines after a run or an apply. */
export async function reportStatusUpdate(
  deps: CliDeps,
  session: WikiSession,
  reports: readonly TaskRunReport[],
  trigger: 'cli' | 'apply',
  stop: StopSignal,
): Promise<void> {
  if (!reports.length) return;
  const update = await updateStatusPages(session, deps.tasks, trigger, reports, deps.clock, stop.shouldStop);
  const { out, err } = formatStatusUpdate(update, session.env.apiUrl);
  for (const line of out) deps.stdout.write(`${line}\n`);
  for (const line of err) deps.stderr.write(`deptbot: ${redactSecrets(line, session.secrets)}\n`);
}

/**
 * `--page T`: a task that has nothing at all to say about T (no change, nothing up to date, nothing
 * skipped) does not cover it; a run that looks successful must not leave the operator guessing.
 */
export function warnPageNotCovered(deps: CliDeps, reports: readonly TaskRunReport[], page: string | undefined): void {
  if (!page) return;
  for (const report of reports) {
    if (!endedInFailure(report) && !report.outcomes.length) {
      deps.stderr.write(`deptbot: ${report.task} has nothing for --page "${page}": it is not a page this task covers (or the title is misspelt)\n`);
    }
  }
}

export interface RunHooks {
  shouldStop: () => boolean;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Runs each item's task under its lock, printing each report. A task whose lock is held is reported
 * on stderr and counted in `notRun`; the others go on. A stop signal ends the loop before the next task.
 */
export async function runUnderLocks<T>(
  deps: CliDeps,
  session: WikiSession,
  stop: StopSignal,
  items: readonly T[],
  taskOf: (item: T) => string,
  command: string,
  work: (item: T, hooks: RunHooks) => Promise<TaskRunReport>,
): Promise<{ reports: TaskRunReport[]; notRun: number }> {
  const reports: TaskRunReport[] = [];
  let notRun = 0;
  for (const item of items) {
    if (stop.shouldStop()) break;
    const task = taskOf(item);
    const progress = session.console.progress(task);
    try {
      const report = await withTaskLock(session, task, command, deps.clock, () =>
        work(item, { shouldStop: stop.shouldStop, onProgress: progress.onProgress }).finally(() => progress.stop()),
      );
      reports.push(report);
      deps.stdout.write(`${formatRunReport(report, session.env.apiUrl, Boolean(deps.stdout.isTTY))}\n\n`);
    } catch (error) {
      if (!(error instanceof TaskLockHeldError)) throw error;
      notRun++;
      session.log.warn('task not run: its lock is held', { task, holder: error.holder });
      deps.stderr.write(`deptbot: ${errorMessage(error)}\n`);
    }
  }
  return { reports, notRun };
}
