// Task locks on MariaDB across processes: the server's named lock (GET_LOCK) is held by the holder's
// connection. Two processes racing for one task: one wins, the other names it. A holder killed with
// SIGKILL: its connection drops, the server frees the lock, and the next process takes it with no
// one clearing anything. A holder whose connection the server ended notices that it lost the lock.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Ledger } from '../../src/ledger/ledger';
import { TaskLockHeldError, acquireTaskLock } from '../../src/ledger/task-lock';
import type { LockChildAnswer } from '../support/lock-holder-child';
import { tempFile } from '../support/local-wiki';
import { testMariaDbUrl } from '../support/test-ledger';

const REGISTER_TS = path.join(__dirname, 'cli', 'helpers', 'register-ts.js');
const CHILD = path.join(__dirname, '..', 'support', 'lock-holder-child.ts');

interface LockChild {
  process: ChildProcess;
  ready: Promise<void>;
  answer: Promise<LockChildAnswer>;
  exited: Promise<void>;
}

function startLockChild(url: string, task: string, goFile: string, holdMs: number): LockChild {
  const child = spawn(process.execPath, ['-r', REGISTER_TS, CHILD, url, task, goFile, String(holdMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  const lines = new Promise<string[]>((resolve) => {
    child.stdout!.on('data', (chunk) => {
      output += String(chunk);
      if (output.split('\n').length > 2) resolve(output.split('\n'));
    });
  });
  const ready = new Promise<void>((resolve) => child.stdout!.on('data', () => output.startsWith('ready') && resolve()));
  return {
    process: child,
    ready,
    answer: lines.then((all) => JSON.parse(all[1]) as LockChildAnswer),
    exited: new Promise((resolve) => child.on('exit', () => resolve())),
  };
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - started;
}

function tryLock(ledger: Ledger, task: string) {
  try {
    return acquireTaskLock(ledger, task, { command: 'test' });
  } catch (error) {
    if (error instanceof TaskLockHeldError) return undefined;
    throw error;
  }
}

/** Two ledgers on one new database, each its own connection; the second can end the first's from the server. */
function twoConnections() {
  const url = testMariaDbUrl();
  const holderLedger = Ledger.open({ url });
  const other = Ledger.open({ url });
  const killHolderConnection = () => {
    const threadId = holderLedger.database.get('SELECT CONNECTION_ID() AS id')!.id as number;
    other.database.run(`KILL CONNECTION ${threadId}`);
  };
  return { holderLedger, other, killHolderConnection };
}

describe('task locks on MariaDB across processes', () => {
  it.each([1, 2, 3])('two processes racing for one task: exactly one runs, the other names it (round %i)', async () => {
    const url = testMariaDbUrl();
    Ledger.open({ url }).close(); // migrated once, so that the racers race for the lock, not the schema
    const goFile = tempFile('go');
    const racers = [startLockChild(url, 'race', goFile, 1500), startLockChild(url, 'race', goFile, 1500)];
    await Promise.all(racers.map((r) => r.ready));
    fs.writeFileSync(goFile, '');
    const answers = await Promise.all(racers.map((r) => r.answer));
    await Promise.all(racers.map((r) => r.exited));

    const winners = answers.filter((a) => a.acquired);
    const losers = answers.filter((a) => !a.acquired);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0].holderPid).toBe(winners[0].pid);
  });

  it('frees the lock of a holder killed with SIGKILL, without anyone clearing it', async () => {
    const url = testMariaDbUrl();
    const goFile = tempFile('go');
    fs.writeFileSync(goFile, '');
    const holder = startLockChild(url, 'killed', goFile, -1);
    expect((await holder.answer).acquired).toBe(true);
    const ledger = Ledger.open({ url });
    try {
      expect(tryLock(ledger, 'killed')).toBeUndefined(); // held by the live child, whatever its heartbeat

      holder.process.kill('SIGKILL');
      await holder.exited;
      let lock: ReturnType<typeof tryLock>;
      const waited = await waitFor(() => (lock = tryLock(ledger, 'killed')) !== undefined, 10_000);

      expect(waited).toBeLessThan(10_000);
      expect(lock!.replaced?.pid).toBe(holder.process.pid); // the dead holder's row, replaced
      expect(ledger.taskLocks().map((l) => l.pid)).toEqual([process.pid]);
      lock!.release();
    } finally {
      ledger.close();
    }
  });

  it('notices when the server ended its connection: the lock is no longer held, and another connection takes it', async () => {
    const { holderLedger, other, killHolderConnection } = twoConnections();
    try {
      const lock = acquireTaskLock(holderLedger, 'dropped', { command: 'test', heartbeatMs: 20 });
      killHolderConnection();

      await waitFor(() => !lock.held, 5000);
      expect(lock.held).toBe(false);
      const next = acquireTaskLock(other, 'dropped', { command: 'next' });
      expect(next.replaced?.token).toBe(lock.row.token);
      next.release();
      lock.release();
      // The holder's ledger works again on a new connection.
      expect(holderLedger.taskLocks()).toEqual([]);
    } finally {
      holderLedger.close();
      other.close();
    }
  });

  it('knows the lock is lost as soon as a ledger statement had to connect again, before any heartbeat', () => {
    const { holderLedger, other, killHolderConnection } = twoConnections();
    try {
      const lock = acquireTaskLock(holderLedger, 'reconnected', { command: 'test', heartbeatMs: 600_000 });
      killHolderConnection();
      expect(lock.held).toBe(true); // nothing has noticed yet

      // The driver may have seen the connection close already (then the statement connects again at
      // once), or learn it from this statement (which then fails, and the next one connects again).
      try {
        holderLedger.recentRuns(1);
      } catch (error) {
        expect((error as Error).message).toMatch(/from ledger.url in the config\) cannot be used: .*the connection was lost/);
      }
      expect(holderLedger.recentRuns(1)).toEqual([]);
      expect(lock.held).toBe(false);
      lock.release();
    } finally {
      holderLedger.close();
      other.close();
    }
  });
});
