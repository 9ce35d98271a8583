import { Daemon, type Scheduler } from '../../../src/daemon/daemon';
import { memoryLogger } from '../../support/local-wiki';

/** A scheduler driven by hand: `fire(name)` is a cron tick. */
function manualScheduler() {
  const ticks = new Map<string, () => void>();
  const scheduled: Array<[string, string]> = [];
  const stopped: string[] = [];
  const scheduler: Scheduler = {
    schedule(name, expression, onTick) {
      scheduled.push([name, expression]);
      ticks.set(name, onTick);
      return { stop: () => stopped.push(name) };
    },
  };
  return { scheduler, scheduled, stopped, fire: (name: string) => ticks.get(name)?.() };
}

/** A run that ends when the test says so. */
function controllableRuns() {
  const started: string[] = [];
  const finishers = new Map<string, () => void>();
  const runTask = (name: string) =>
    new Promise<void>((resolve) => {
      started.push(name);
      finishers.set(name, resolve);
    });
  const finish = async (name: string) => {
    finishers.get(name)?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { started, runTask, finish };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A daemon over tasks "a" and "b" (every minute), driven by hand. */
function twoTaskDaemon(runTask: (name: string) => Promise<void>, log = memoryLogger().log) {
  const manual = manualScheduler();
  const daemon = new Daemon({
    tasks: [
      { name: 'a', schedule: '* * * * *' },
      { name: 'b', schedule: '* * * * *' },
    ],
    scheduler: manual.scheduler,
    runTask,
    log,
  });
  daemon.start();
  return { daemon, ...manual };
}

describe('Daemon', () => {
  it('schedules every task with its expression', () => {
    const { scheduler, scheduled } = manualScheduler();
    new Daemon({
      tasks: [
        { name: 'a', schedule: '0 4 * * *' },
        { name: 'b', schedule: '*/5 * * * *' },
      ],
      scheduler,
      runTask: async () => undefined,
      log: memoryLogger().log,
    }).start();
    expect(scheduled).toEqual([
      ['a', '0 4 * * *'],
      ['b', '*/5 * * * *'],
    ]);
  });

  it('never overlaps a task with itself, and runs tasks one after another', async () => {
    const runs = controllableRuns();
    const { daemon, fire } = twoTaskDaemon(runs.runTask);

    fire('a');
    fire('b');
    fire('a'); // a is still running: skipped, not stacked
    await tick();
    expect(runs.started).toEqual(['a']);
    expect(daemon.pendingTasks).toEqual(['a', 'b']);

    await runs.finish('a');
    expect(runs.started).toEqual(['a', 'b']);
    await runs.finish('b');
    await daemon.idle();
    expect(daemon.pendingTasks).toEqual([]);

    fire('a');
    await tick();
    expect(runs.started).toEqual(['a', 'b', 'a']);
    await runs.finish('a');
  });

  it('keeps going after a run throws', async () => {
    const ran: string[] = [];
    const { log, lines } = memoryLogger();
    const { daemon, fire } = twoTaskDaemon(async (name) => {
      ran.push(name);
      if (name === 'a') throw new Error('boom');
    }, log);
    fire('a');
    fire('b');
    await daemon.idle();
    expect(ran).toEqual(['a', 'b']);
    expect(lines.some((line) => line.includes('"message":"scheduled run failed"') && line.includes('boom'))).toBe(true);
  });

  it('on stop: unschedules, waits for the run in flight and drops the runs not yet started', async () => {
    const runs = controllableRuns();
    const { daemon, fire, stopped } = twoTaskDaemon(runs.runTask);
    fire('a');
    fire('b');
    await tick();

    let stoppedDaemon = false;
    const stopping = daemon.stop().then(() => (stoppedDaemon = true));
    await tick();
    expect(stopped).toEqual(['a', 'b']);
    expect(stoppedDaemon).toBe(false); // a is still in flight
    fire('a'); // a late tick after stop does nothing
    await runs.finish('a');
    await stopping;

    expect(stoppedDaemon).toBe(true);
    expect(runs.started).toEqual(['a']);
  });
});
