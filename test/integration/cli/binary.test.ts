// The built `deptbot` binary (bin/deptbot.js → dist/src/cli.js), run as an operator runs it, with
// the real task registry: help, a bad config (exit 2) and an active shutoff (exit 3).
import fs from 'node:fs';
import type { WikiClient } from '../../../src/wiki/client';
import { connectAs, humanEdit, repoRoot, uniquePrefix } from '../../support/local-wiki';
import { cliEnv, ensureBuilt, spawnBuiltCli, withLedger, writeCliSetup, writeOverlay } from './helpers/cli-harness';

let editor: WikiClient;
// The checkout is the working directory, as under systemd or on Toolforge (task settings may name
// files relative to it); DEPTBOT_CONFIG is set so that a developer's .env cannot choose an overlay.
const cwd = repoRoot;

beforeAll(async () => {
  ensureBuilt();
  editor = await connectAs('editor');
});

it('--help lists every command and the exit codes', async () => {
  const result = await spawnBuiltCli(['--help'], { cwd, env: { DEPTBOT_CONFIG: '' } }).done;

  expect(result.code).toBe(0);
  for (const command of ['list', 'plan', 'run', 'apply', 'start', 'status', 'validate']) {
    expect(result.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  }
  expect(result.stdout).toContain('Exit codes: 0 done, 1 a task failed');
});

it('a bad setting exits 2 with one sentence naming the file, line and setting', async () => {
  const setup = writeCliSetup({ prefix: uniquePrefix('bin-bad-config') });
  writeOverlay(setup, 'broken', 'bot:\n  statusPage: ""\n');

  const result = await spawnBuiltCli(['--config-dir', setup.configDir, 'run', '--all'], {
    cwd,
    env: { ...cliEnv(), DEPTBOT_CONFIG: 'broken' },
  }).done;

  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/^deptbot: .*broken\.yaml:2: bot\.statusPage: /m);
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(fs.existsSync(setup.ledgerPath)).toBe(false);
});

it('an active shutoff exits 3 before any task runs', async () => {
  const setup = writeCliSetup({ prefix: uniquePrefix('bin-shutoff') });
  await humanEdit(editor, setup.shutoffPage, 'Stopped by a test of the built binary.');

  const result = await spawnBuiltCli(['--config-dir', setup.configDir, 'run', '--all'], { cwd, env: { ...cliEnv(), DEPTBOT_CONFIG: '' } }).done;

  expect(result.code).toBe(3);
  expect(result.stderr).toContain(`deptbot: Writing is stopped by the shutoff page "${setup.shutoffPage}"`);
  expect(withLedger(setup, (ledger) => ledger.recentRuns(10))).toEqual([]);
});
