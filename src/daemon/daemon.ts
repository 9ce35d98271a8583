// The scheduler daemon: starts each enabled task on its cron schedule (UTC). Runs are serial, one
// task at a time, so the write throttle holds across tasks and the wiki sees one edit stream; a task
// whose previous run is still running or waiting is skipped, never stacked. The cross-process
// task lock (src/ledger/task-lock.ts) keeps other processes out. On stop, no new run starts and the
// run in flight, which stops before its next save, is awaited.
import type { Logger } from 'winston';

/** Starts `onTick` on a cron schedule; node-cron in production, a hand-driven fake in tests. */
export interface Scheduler {
  schedule(name: string, expression: string, onTick: () => void): { stop(): void };
}

export interface ScheduledTask {
  name: string;
  schedule: string;
}

export interface DaemonOptions {
  tasks: readonly ScheduledTask[];
  scheduler: Scheduler;
  /** One scheduled run of a task, lock included; it reports its own failures. */
  runTask: (name: string) => Promise<void>;
  log: Logger;
}

export class Daemon {
  private readonly jobs: Array<{ stop(): void }> = [];
  /** Tasks running or waiting for their turn. */
  private readonly pending = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(private readonly options: DaemonOptions) {}

  start(): void {
    for (const task of this.options.tasks) {
      this.jobs.push(this.options.scheduler.schedule(task.name, task.schedule, () => this.tick(task.name)));
    }
  }

  /** Tasks running or waiting in this process. */
  get pendingTasks(): string[] {
    return [...this.pending];
  }

  /** A task's time has come: queue its run unless it is already running or waiting. */
  tick(name: string): void {
    const { log } = this.options;
    if (this.stopping) return;
    if (this.pending.has(name)) {
      log.warn('scheduled run skipped: the previous run is still running or waiting', { task: name });
      return;
    }
    this.pending.add(name);
    this.queue = this.queue.then(async () => {
      try {
        if (!this.stopping) await this.options.runTask(name);
      } catch (error) {
        log.error('scheduled run failed', { task: name, error: String(error), stack: (error as Error)?.stack });
      } finally {
        this.pending.delete(name);
      }
    });
  }

  /** Resolves when every queued run has ended. */
  idle(): Promise<void> {
    return this.queue;
  }

  /** Stops scheduling, drops runs not yet started and waits for the one in flight. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const job of this.jobs.splice(0)) job.stop();
    await this.queue;
  }
}
