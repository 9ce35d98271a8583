// `deptbot start`: the daemon. Schedules every enabled task (UTC), runs each under its task lock
// (a task locked by another process is skipped, not waited for), updates the status pages after
// each run, and on SIGTERM/SIGINT lets the edit in flight finish, then exits 0.
import { runTask } from '../../core/run-task';
import { nextRun } from '../../core/schedule';
import { nodeCronScheduler } from '../../daemon/cron-scheduler';
import { Daemon, type Scheduler } from '../../daemon/daemon';
import { TaskLockHeldError } from '../../ledger/task-lock';
import { formatUtc } from '../../status/wikitext-text';
import type { CliDeps } from '../cli-deps';
import { EXIT_OK } from '../exit-codes';
import { openWikiSession, withSession, type WikiSession } from '../session';
import { StopSignal } from '../stop-signal';
import { updateStatusPages, withTaskLock } from '../task-runs';
import { formatTable } from '../text-table';

export async function startCommand(deps: CliDeps, scheduler: Scheduler = nodeCronScheduler): Promise<number> {
  const stop = new StopSignal(deps.signals, deps.forceExit);
  try {
    return await withSession(await openWikiSession(deps, false), (session) => runDaemon(deps, session, stop, scheduler));
  } finally {
    stop.dispose();
  }
}

const PARENT_CHECK_MS = 2000;

/** Stops the daemon when the process that started it has gone (it would otherwise run on under PID 1). */
function watchParent(deps: CliDeps, session: WikiSession, stop: StopSignal): NodeJS.Timeout {
  const timer = setInterval(() => {
    if (!deps.parentExited?.()) return;
    session.log.warn('the process that started the daemon has exited (e.g. npx stopped by a signal); stopping');
    stop.request('parent exited');
  }, PARENT_CHECK_MS);
  timer.unref();
  return timer;
}

async function runDaemon(deps: CliDeps, session: WikiSession, stop: StopSignal, scheduler: Scheduler): Promise<number> {
  const { config, log } = session;
  const enabled = deps.tasks.filter((task) => config.tasks[task.name]?.enabled !== false);
  const byName = new Map(enabled.map((task) => [task.name, task]));
  const daemon = new Daemon({
    tasks: enabled.map((task) => ({ name: task.name, schedule: config.tasks[task.name].schedule })),
    scheduler,
    log,
    runTask: async (name) => {
      const task = byName.get(name);
      if (!task) return;
      try {
        const report = await withTaskLock(session, name, 'deptbot start', deps.clock, (lockLost) =>
          runTask({ ...session, clock: deps.clock, shouldStop: () => stop.shouldStop() || lockLost() }, { task, trigger: 'schedule', dryRun: false }),
        );
        await updateStatusPages(session, deps.tasks, 'schedule', [report], deps.clock, stop.shouldStop);
      } catch (error) {
        if (!(error instanceof TaskLockHeldError)) throw error;
        log.warn('scheduled run skipped: the task is locked by another process', { task: name, holder: error.holder });
      }
    },
  });
  daemon.start();
  const now = deps.clock();
  const schedules = enabled.map((task) => {
    const schedule = config.tasks[task.name].schedule;
    return [task.name, schedule, formatUtc(nextRun(schedule, now))];
  });
  log.info('daemon started', { pid: process.pid, tasks: Object.fromEntries(schedules.map(([name, schedule]) => [name, schedule])) });
  deps.stdout.write(
    schedules.length
      ? `deptbot daemon: scheduling ${schedules.length} task(s); SIGTERM or Ctrl-C stops it after the edit in flight.\n${formatTable(['TASK', 'SCHEDULE (UTC)', 'NEXT RUN'], schedules)}\n`
      : `deptbot daemon: no enabled tasks (${deps.tasks.length} registered); idling until stopped.\n`,
  );
  const orphaned = watchParent(deps, session, stop);
  const signal = await stop.wait();
  clearInterval(orphaned);
  log.info('daemon stopping', { signal, pending: daemon.pendingTasks });
  await daemon.stop();
  log.info('daemon stopped', { signal });
  return EXIT_OK;
}
