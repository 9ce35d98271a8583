// Processes that open a new ledger at the same moment (a daemon and a manual run on a fresh
// install) must all get it, migrated once: before, one of them often failed with "table runs
// already exists" (13 rounds in 15 of this test's shape).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { tempFile } from '../support/local-wiki';
import { testLedgerBackend, testMariaDbUrl } from '../support/test-ledger';

const CHILD = path.join(__dirname, '..', 'support', 'open-ledger-child.ts');
const REGISTER_TS = path.join(__dirname, 'cli', 'helpers', 'register-ts.js');

function openInChild(file: string, startAt: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', REGISTER_TS, CHILD, file, String(startAt)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', () => resolve(out.trim()));
  });
}

it('lets four processes open one new ledger at once, three rounds', async () => {
  for (let round = 0; round < 3; round++) {
    const file = testLedgerBackend() === 'mariadb' ? testMariaDbUrl() : tempFile(`ledger-${round}.sqlite`);
    // Long enough for every child to start and load the ledger code first.
    const startAt = Date.now() + 3000;
    const answers = await Promise.all([1, 2, 3, 4].map(() => openInChild(file, startAt)));
    expect(new Set(answers)).toEqual(new Set([answers[0]]));
    expect(answers[0]).toMatch(/^ok \d+$/);
  }
}, 60_000);
