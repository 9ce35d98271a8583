// The MariaDB ledger's worker thread is started with a 1 MB young generation (startWorker in
// src/ledger/backend/mariadb-backend.ts sets V8's option while the worker's heap is made), and the
// process's own option is given back: a thread started afterwards grows its young generation as
// before. The RSS this saves is measured by the benchmark (README "Performance").
import { Worker } from 'node:worker_threads';
import { Ledger } from '../../../src/ledger/ledger';
import { registeredTaskLedgers } from '../../../tasks';
import { testLedgerSettings } from '../../support/test-ledger';

/** The young generation's size, in MB, of a new thread after it built a list of 3 million objects. */
function youngGenerationMbOfNewThread(): Promise<number> {
  const script = `
    const list = []; for (let i = 0; i < 3e6; i++) list.push({ i });
    const space = require('v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    require('worker_threads').parentPort.postMessage(list.length === 3e6 ? space.space_size / 1048576 : -1);`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { eval: true });
    worker.once('message', (mb: number) => void worker.terminate().then(() => resolve(mb)));
    worker.once('error', reject);
  });
}

describe('the MariaDB ledger’s worker thread', () => {
  it('leaves the process’s young-generation option as it found it for threads started later', async () => {
    const before = await youngGenerationMbOfNewThread();
    const ledger = Ledger.open(testLedgerSettings('mariadb'), registeredTaskLedgers);
    try {
      expect(ledger.backend.kind).toBe('mariadb');
      expect(ledger.recentRuns(1)).toEqual([]);
      const after = await youngGenerationMbOfNewThread();
      expect(before).toBeGreaterThan(2);
      expect(after).toBe(before);
    } finally {
      ledger.close();
    }
  });
});
