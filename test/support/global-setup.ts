// Jest global setup: make sure the real local MediaWiki is installed, at its seeded state and answering, and that
// the tests' own MariaDB server (the MariaDB ledger backend) is running.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function globalSetup(): void {
  // From the seeded wiki, started: `npm run demo` edits and marks seeded pages (Translate then counts
  // their units differently), and the tests count on the seed. Cheap: the SQLite files come back from
  // the snapshot taken after seeding (test/wiki/reset.sh; it installs and seeds a wiki that has none).
  execFileSync('bash', [path.join(__dirname, '..', 'wiki', 'reset.sh')], { stdio: 'inherit' });
  const said = execFileSync('bash', [path.join(__dirname, '..', 'db', 'start-mariadb.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(said);
  // Stopped by global-teardown.ts only when this run started it (an already running one is someone's).
  if (said.trim()) process.env.DEPTBOT_MARIADB_STARTED_BY_JEST = '1';
}
