// A cross-process lock per task, kept in the ledger's SQLite database: two daemons, or a daemon and
// a manual `deptbot run`, never run the same task at once. SQLite rather than a lock file so that
// the loser can say which process holds the lock, and a crashed holder is recognised and replaced.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { LockHeldError } from '../core/errors';
import type { Ledger, TaskLockRow } from './ledger';

export interface TaskLockOptions {
  /** What the holder is doing, shown to a process that finds the lock taken. */
  command: string;
  clock?: () => Date;
  /** How often the holder marks the lock as alive. */
  heartbeatMs?: number;
  /** A lock whose heartbeat is older than this is taken over (its holder died on another host). */
  staleAfterMs?: number;
  isProcessAlive?: (pid: number) => boolean;
}

const DEFAULT_HEARTBEAT_MS = 30_000;
const DEFAULT_STALE_AFTER_MS = 5 * 60_000;

export function describeLockHolder(holder: TaskLockRow): string {
  return `process ${holder.pid} on ${holder.host} (${holder.command}, since ${holder.acquiredAt})`;
}

/** Says who holds the lock: the message is the one sentence the losing process prints. */
export class TaskLockHeldError extends LockHeldError {
  constructor(readonly holder: TaskLockRow) {
    super(holder.task);
    this.message = `Task "${holder.task}" is already running in ${describeLockHolder(holder)}; not starting it again`;
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A holder is gone when its heartbeat stopped, or, on this host, when its process no longer exists
 * (a crash or kill -9 then frees the task at once instead of after the stale delay).
 */
export function isStaleLock(
  holder: TaskLockRow,
  now: Date,
  host: string,
  staleAfterMs: number,
  alive: (pid: number) => boolean,
): boolean {
  if (now.getTime() - Date.parse(holder.heartbeatAt) > staleAfterMs) return true;
  return holder.host === host && !alive(holder.pid);
}

export class TaskLock {
  private readonly heartbeat: NodeJS.Timeout;
  private released = false;
  private lost = false;

  constructor(
    private readonly ledger: Ledger,
    readonly row: TaskLockRow,
    /** The dead holder this lock replaced, if any (worth a log line). */
    readonly replaced: TaskLockRow | undefined,
    clock: () => Date,
    heartbeatMs: number,
  ) {
    this.heartbeat = setInterval(() => this.beat(clock()), heartbeatMs);
    this.heartbeat.unref();
  }

  /**
   * False once released, or once the lock is found gone: by the heartbeat (its ledger closed, taken
   * over, or the server freed it), or on MariaDB as soon as a ledger statement had to connect again.
   */
  get held(): boolean {
    return !this.released && !this.lost && !(this.ledger.isOpen && this.ledger.taskLockLost(this.row.token));
  }

  private beat(at: Date): void {
    if (this.ledger.isOpen && this.ledger.refreshTaskLock(this.row.task, this.row.token, at)) return;
    this.lost = true;
    clearInterval(this.heartbeat);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    clearInterval(this.heartbeat);
    if (this.ledger.isOpen) this.ledger.releaseTaskLock(this.row.task, this.row.token);
  }
}

/** Takes the task's lock or throws TaskLockHeldError naming the process that holds it. */
export function acquireTaskLock(ledger: Ledger, task: string, options: TaskLockOptions): TaskLock {
  const clock = options.clock ?? (() => new Date());
  const now = clock();
  const host = os.hostname();
  const row: TaskLockRow = {
    task,
    token: randomUUID(),
    pid: process.pid,
    host,
    command: options.command,
    acquiredAt: now.toISOString(),
    heartbeatAt: now.toISOString(),
  };
  const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const alive = options.isProcessAlive ?? isProcessAlive;
  const attempt = ledger.acquireTaskLock(row, (holder) => isStaleLock(holder, now, host, staleAfterMs, alive));
  if (!attempt.acquired) throw new TaskLockHeldError(attempt.holder);
  return new TaskLock(ledger, row, attempt.replaced, clock, options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
}
