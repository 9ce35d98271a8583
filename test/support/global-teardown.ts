// Jest global teardown: stops the tests' MariaDB server if this run's global setup started it.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function globalTeardown(): void {
  if (process.env.DEPTBOT_MARIADB_STARTED_BY_JEST !== '1') return;
  execFileSync('bash', [path.join(__dirname, '..', 'db', 'stop-mariadb.sh')], { stdio: 'inherit' });
}
