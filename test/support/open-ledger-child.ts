// Child process for test/integration/ledger-open.test.ts: waits for a shared start time, so that
// several processes open the same new ledger at the same moment, then opens it and says how it went.
import { Ledger } from '../../src/ledger/ledger';
import { settingsOfArgument } from '../../src/ledger/ledger-location';
import { registeredTaskLedgers } from '../../tasks';

// `file`: a SQLite file or a mysql:// URL.
const [file, startAt] = process.argv.slice(2);
while (Date.now() < Number(startAt)); // a busy wait: a timer would let the processes drift apart
try {
  const ledger = Ledger.open(settingsOfArgument(file), registeredTaskLedgers);
  process.stdout.write(`ok ${ledger.schemaVersion}\n`);
  ledger.close();
} catch (error) {
  process.stdout.write(`failed: ${(error as Error).message}\n`);
}
