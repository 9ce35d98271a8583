// Which ledger backend a test runs against, and a fresh, empty ledger on it. DEPTBOT_TEST_LEDGER
// (sqlite, the default, or mariadb) picks the backend of every test that takes its ledger from
// testConfig() or testLedgerSettings(); `npm run test:mariadb` runs the ledger, lock, crash and fault
// suites with it set to mariadb. The MariaDB server is the tests' own (test/db/start-mariadb.sh).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { readMyCnf, type LedgerSettings } from '../../src/ledger/ledger-location';
import { tempFile } from './local-wiki';

export type LedgerBackendName = 'sqlite' | 'mariadb';
export const LEDGER_BACKENDS: readonly LedgerBackendName[] = ['sqlite', 'mariadb'];

/** The client.cnf that test/db/start-mariadb.sh writes: the tests' user, password, host and port. */
export const TEST_MARIADB_CNF = path.join(__dirname, '..', 'db', '.data', 'client.cnf');

export function testLedgerBackend(): LedgerBackendName {
  const chosen = process.env.DEPTBOT_TEST_LEDGER ?? 'sqlite';
  if (chosen !== 'sqlite' && chosen !== 'mariadb') throw new Error(`DEPTBOT_TEST_LEDGER must be sqlite or mariadb, not "${chosen}"`);
  return chosen;
}

/** A database name the tests' user may create (test/db/start-mariadb.sh grants deptbot_test_%), new each call. */
export function freshTestDatabase(): string {
  return `deptbot_test_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** mysql:// URL of `database` on the tests' MariaDB server. */
export function testMariaDbUrl(database = freshTestDatabase()): string {
  const cnf = readMyCnf(TEST_MARIADB_CNF);
  return `mysql://${encodeURIComponent(cnf.user)}:${encodeURIComponent(cnf.password)}@${cnf.host}:${cnf.port}/${database}`;
}

/** The `ledger` settings of a new, empty ledger on `backend`. */
export function testLedgerSettings(backend: LedgerBackendName = testLedgerBackend()): LedgerSettings {
  return backend === 'sqlite' ? { path: tempFile('ledger.sqlite') } : { url: testMariaDbUrl() };
}
