// Jest global setup: make sure the real local MediaWiki is installed, seeded and answering.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function globalSetup(): void {
  execFileSync('bash', [path.join(__dirname, '..', 'wiki', 'start.sh')], { stdio: 'inherit' });
}
