import { Ledger, type TaskLockRow } from '../../../src/ledger/ledger';
import { TaskLockHeldError, acquireTaskLock, isStaleLock } from '../../../src/ledger/task-lock';
import { testLedgerSettings } from '../../support/test-ledger';

function openLedger(): Ledger {
  return Ledger.open(testLedgerSettings());
}

const clockAt = (iso: string) => () => new Date(iso);

describe('acquireTaskLock', () => {
  it('gives the lock to one holder at a time and names the holder to the next', () => {
    const ledger = openLedger();
    const first = acquireTaskLock(ledger, 'office-hours', { command: 'deptbot start', clock: clockAt('2026-01-01T10:00:00Z') });

    let refusal: unknown;
    try {
      acquireTaskLock(ledger, 'office-hours', { command: 'deptbot run', clock: clockAt('2026-01-01T10:00:05Z') });
    } catch (error) {
      refusal = error;
    }

    expect(refusal).toBeInstanceOf(TaskLockHeldError);
    expect((refusal as Error).message).toBe(
      `Task "office-hours" is already running in process ${process.pid} on ${first.row.host} (deptbot start, since 2026-01-01T10:00:00.000Z); not starting it again`,
    );
    first.release();
    ledger.close();
  });

  it('locks each task separately', () => {
    const ledger = openLedger();
    const a = acquireTaskLock(ledger, 'a', { command: 'x' });
    const b = acquireTaskLock(ledger, 'b', { command: 'x' });
    expect(ledger.taskLocks().map((l) => l.task)).toEqual(['a', 'b']);
    a.release();
    b.release();
    expect(ledger.taskLocks()).toEqual([]);
    ledger.close();
  });

  it('is free again after release, and a release by a replaced holder leaves the new one alone', () => {
    const ledger = openLedger();
    const old = acquireTaskLock(ledger, 'task', { command: 'old', clock: clockAt('2026-01-01T10:00:00Z') });
    // The old holder "died" (its process is gone): the next one takes over.
    const next = acquireTaskLock(ledger, 'task', { command: 'next', isProcessAlive: () => false });
    expect(next.replaced?.command).toBe('old');

    old.release();

    expect(ledger.taskLocks().map((l) => l.command)).toEqual(['next']);
    next.release();
    const again = acquireTaskLock(ledger, 'task', { command: 'again' });
    expect(again.row.command).toBe('again');
    again.release();
    expect(again.held).toBe(false);
    ledger.close();
  });

  it('stops its heartbeat when the lock was taken over or its ledger closed', async () => {
    const ledger = openLedger();
    const old = acquireTaskLock(ledger, 'old', { command: 'x', heartbeatMs: 10 });
    acquireTaskLock(ledger, 'old', { command: 'y', isProcessAlive: () => false }).release();
    const closing = acquireTaskLock(ledger, 'closing', { command: 'x', heartbeatMs: 10 });
    expect([old.held, closing.held]).toEqual([true, true]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(old.held).toBe(false);
    ledger.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closing.held).toBe(false);
    closing.release();
  });

  it('keeps the lock alive with a heartbeat', async () => {
    const ledger = openLedger();
    let now = new Date('2026-01-01T10:00:00Z');
    const lock = acquireTaskLock(ledger, 'task', { command: 'x', clock: () => now, heartbeatMs: 10 });
    now = new Date('2026-01-01T10:07:00Z');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ledger.taskLocks()[0].heartbeatAt).toBe('2026-01-01T10:07:00.000Z');
    lock.release();
    ledger.close();
  });
});

describe('isStaleLock', () => {
  const holder: TaskLockRow = {
    task: 't',
    token: 'k',
    pid: 4242,
    host: 'host-a',
    command: 'deptbot start',
    acquiredAt: '2026-01-01T10:00:00.000Z',
    heartbeatAt: '2026-01-01T10:00:00.000Z',
  };
  const now = new Date('2026-01-01T10:01:00Z');

  it.each([
    ['a live process on this host', 'host-a', true, 5 * 60_000, false],
    ['a dead process on this host', 'host-a', false, 5 * 60_000, true],
    ['another host, recent heartbeat', 'host-b', false, 5 * 60_000, false],
    ['another host, heartbeat older than the limit', 'host-b', true, 30_000, true],
    ['this host, live process, heartbeat older than the limit', 'host-a', true, 30_000, true],
  ])('%s', (_case, host, alive, staleAfterMs, stale) => {
    expect(isStaleLock(holder, now, host, staleAfterMs, () => alive)).toBe(stale);
  });
});
