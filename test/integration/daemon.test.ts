// `deptbot start` as a separate process with a test schedule (every minute, UTC): it runs the task
// when its time comes, records the run, updates the status page, and on SIGTERM mid-run finishes the
// edit in flight, records the run as interrupted and exits 0, leaving no half-made edit.
import type { RunRow } from '../../src/ledger/ledger';
import type { WikiClient } from '../../src/wiki/client';
import { upsertNote } from '../support/append-task';
import { connectAs, humanEdit, pageText, readCredentials, uniquePrefix } from '../support/local-wiki';
import { cliEnv, spawnTestCli, withLedger, writeCliSetup } from './cli/helpers/cli-harness';

let editor: WikiClient;

beforeAll(async () => {
  editor = await connectAs('editor');
});

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function botRevisions(title: string): Promise<number> {
  const botName = readCredentials().bot.username.split('@')[0];
  const response = await editor.query({ prop: 'revisions', titles: title, rvprop: 'user', rvlimit: 50 });
  return (response.query.pages[0].revisions ?? []).filter((r: { user: string }) => r.user === botName).length;
}

async function makeDaemonSetup(name: string, pageCount: number, throttleSeconds: number) {
  const prefix = uniquePrefix(name);
  const pages = Array.from({ length: pageCount }, (_, i) => `${prefix}Page ${i + 1}`);
  for (const title of pages) await humanEdit(editor, title, `Text of ${title}.`);
  const setup = writeCliSetup({
    prefix,
    throttleSeconds,
    tasks: { 'test-append': { schedule: '* * * * *', settings: { pages, line: `Daemon line ${name}` } } },
  });
  const daemon = spawnTestCli(['--config-dir', setup.configDir, 'start'], { cwd: setup.dir, env: cliEnv() });
  return { setup, pages, daemon, line: `Daemon line ${name}` };
}

// Both daemons wait for the next minute boundary (up to a minute), then run side by side.
jest.setTimeout(180_000);

it('runs the task on schedule and stops cleanly on SIGTERM, mid-run and idle', async () => {
  const quick = await makeDaemonSetup('daemon-quick', 1, 0);
  // Six pages, one edit every two seconds: about ten seconds of run to interrupt.
  const slow = await makeDaemonSetup('daemon-slow', 6, 2);

  // The slow daemon: SIGTERM as soon as its first edit is in the ledger.
  await waitFor('the first scheduled edit', () => (withLedger(slow.setup, (l) => l.recentEdits(1).length) ? true : undefined), 120_000);
  slow.daemon.kill('SIGTERM');
  const slowExit = await slow.daemon.done;

  expect(slowExit.code).toBe(0);
  const [slowRun] = withLedger(slow.setup, (l) => l.recentRuns(10, 'test-append'));
  expect(slowRun).toMatchObject({ trigger: 'schedule', result: 'interrupted' });
  expect(slowRun.edits).toBeGreaterThanOrEqual(1);
  expect(slowRun.edits).toBeLessThan(slow.pages.length);
  let edited = 0;
  for (const title of slow.pages) {
    const text = await pageText(editor, title);
    const original = `Text of ${title}.`;
    const done = (upsertNote(original, slow.line) as { text: string }).text.trimEnd();
    expect([original, done]).toContain(text); // each page is either untouched or fully edited
    if (text === done) {
      edited++;
      expect(await botRevisions(title)).toBe(1);
    } else {
      expect(await botRevisions(title)).toBe(0);
    }
  }
  expect(edited).toBe(slowRun.edits);
  expect(withLedger(slow.setup, (l) => l.taskLocks())).toEqual([]);
  expect(await pageText(editor, slow.setup.statusPage)).toBeNull(); // stopping: no further edit after SIGTERM

  // The quick daemon: its run has completed and the status page shows it; SIGTERM while idle.
  const quickRun = await waitFor(
    'the quick daemon run',
    () => withLedger(quick.setup, (l): RunRow | undefined => l.lastAppliedRun('test-append')),
    60_000,
  );
  expect(quickRun).toMatchObject({ trigger: 'schedule', result: 'ok', edits: 1 });
  await waitFor('the status page', async () => (await pageText(editor, quick.setup.statusPage)) ?? undefined, 30_000);
  quick.daemon.kill('SIGTERM');
  const quickExit = await quick.daemon.done;

  expect(quickExit.code).toBe(0);
  expect(await pageText(editor, quick.pages[0])).toContain(quick.line);
  expect(await pageText(editor, quick.setup.statusPage)).toMatch(/\(schedule\) \|\| ok \|\| [\s\S]*\(schedule\): 1 page saved\n/);
});
