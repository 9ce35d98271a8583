// A separate process that takes a task lock on a ledger (tests of locks across processes): opens the
// ledger, says "ready", waits for the go file, tries the lock, says what happened as one JSON line,
// then holds the lock for holdMs (-1: until killed) and releases it.
// Usage: node -r register-ts.js lock-holder-child.ts <ledger url or file> <task> <go file> <holdMs>
import fs from 'node:fs';
import { Ledger } from '../../src/ledger/ledger';
import { settingsOfArgument } from '../../src/ledger/ledger-location';
import { TaskLockHeldError, acquireTaskLock } from '../../src/ledger/task-lock';

export interface LockChildAnswer {
  pid: number;
  acquired: boolean;
  holderPid?: number;
}

async function main(): Promise<void> {
  const [where, task, goFile, holdMs] = process.argv.slice(2);
  const ledger = Ledger.open(settingsOfArgument(where));
  process.stdout.write('ready\n');
  while (!fs.existsSync(goFile)) await new Promise((resolve) => setTimeout(resolve, 5));
  let answer: LockChildAnswer;
  try {
    const lock = acquireTaskLock(ledger, task, { command: 'lock-holder-child' });
    answer = { pid: process.pid, acquired: true };
    process.stdout.write(`${JSON.stringify(answer)}\n`);
    await new Promise((resolve) => setTimeout(resolve, Number(holdMs) < 0 ? 2 ** 31 - 1 : Number(holdMs)));
    lock.release();
  } catch (error) {
    if (!(error instanceof TaskLockHeldError)) throw error;
    answer = { pid: process.pid, acquired: false, holderPid: error.holder.pid };
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  }
  ledger.close();
}

void main();
