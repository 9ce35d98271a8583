// Jest global setup: make sure the real local MediaWiki is installed, seeded and answering, and that
// the tests' own MariaDB server (the MariaDB ledger backend) is running.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function globalSetup(): void {
  execFileSync('bash', [path.join(__dirname, '..', 'wiki', 'start.sh')], { stdio: 'inherit' });
  const said = execFileSync('bash', [path.join(__dirname, '..', 'db', 'start-mariadb.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(said);
  // Stopped by global-teardown.ts only when this run started it (an already running one is someone's).
  if (said.trim()) process.env.DEPTBOT_MARIADB_STARTED_BY_JEST = '1';
}
