// Two `deptbot run` of the same task started together, as separate processes: exactly one runs,
// the other says which process holds the task's lock and exits 1 without touching the wiki.
import type { WikiClient } from '../../../src/wiki/client';
import { connectAs, humanEdit, readCredentials, uniquePrefix } from '../../support/local-wiki';
import { testLedgerBackend, testMariaDbUrl } from '../../support/test-ledger';
import { cliEnv, spawnTestCli, withLedger, writeCliSetup } from './helpers/cli-harness';

let editor: WikiClient;

beforeAll(async () => {
  editor = await connectAs('editor');
});

async function botRevisions(title: string): Promise<number> {
  const botName = readCredentials().bot.username.split('@')[0];
  const response = await editor.query({ prop: 'revisions', titles: title, rvprop: 'user', rvlimit: 50 });
  const revisions: Array<{ user: string }> = response.query.pages[0].revisions ?? [];
  return revisions.filter((r) => r.user === botName).length;
}

it('runs the task once when two processes start it together; the other names the holder', async () => {
  const prefix = uniquePrefix('cli-lock');
  const pages = Array.from({ length: 6 }, (_, i) => `${prefix}Page ${i + 1}`);
  for (const title of pages) await humanEdit(editor, title, `Text of ${title}.`);
  // One edit a second over six pages: the winner holds the lock for about five seconds.
  const ledger = testLedgerBackend() === 'mariadb' ? { url: testMariaDbUrl() } : undefined;
  const setup = writeCliSetup({ prefix, throttleSeconds: 1, ledger, tasks: { 'test-append': { settings: { pages, line: 'Locked run' } } } });
  const args = ['--config-dir', setup.configDir, 'run', 'test-append'];

  const runs = [spawnTestCli(args, { cwd: setup.dir, env: cliEnv() }), spawnTestCli(args, { cwd: setup.dir, env: cliEnv() })];
  const results = await Promise.all(runs.map((run) => run.done));

  const codes = results.map((r) => r.code).sort();
  expect(codes).toEqual([0, 1]);
  const loser = results.find((r) => r.code === 1);
  const winnerPid = runs[results.findIndex((r) => r.code === 0)].pid;
  expect(loser?.stderr).toMatch(
    new RegExp(`Task "test-append" is already running in process ${winnerPid} on \\S+ \\(deptbot run, since [0-9T:.-]+Z\\)`),
  );
  for (const title of pages) expect(await botRevisions(title)).toBe(1);
  expect(withLedger(setup, (l) => l.recentRuns(10, 'test-append')).map((r) => [r.trigger, r.result, r.edits])).toEqual([['cli', 'ok', 6]]);
  expect(withLedger(setup, (l) => l.taskLocks())).toEqual([]);
});
