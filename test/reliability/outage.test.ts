// Outages: the wiki's server stopped and started again mid-run (the real local wiki), and the same
// at the edge the fault proxy can place exactly: the client comes back on its own, logging in again
// when the wiki no longer knows its session, and says so in the log.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { EXIT_UNREACHABLE, exitCodeForReports } from '../../src/cli/exit-codes';
import { collectStatusView, formatStatusView } from '../../src/cli/commands/status';
import { formatRunReport } from '../../src/cli/format-report';
import { assertNotShutOff } from '../../src/cli/task-runs';
import { WikiUnreachableError } from '../../src/core/errors';
import { runTask } from '../../src/core/run-task';
import { publishStatusPages } from '../../src/status/publish-status';
import { wikiClientOptions } from '../../src/runtime';
import { WikiClient } from '../../src/wiki/client';
import { startFaultProxy, type FaultRule } from '../support/fault-proxy';
import { appendSettings, appendTask } from '../support/append-task';
import { connectAs, envFor, humanEdit, memoryLogger, openTestRuntime, pageText, readCredentials, repoRoot, testConfig, uniquePrefix, wikiDataDir } from '../support/local-wiki';

const MAX_RETRIES = 2;

async function connectBot(apiUrl?: string, maxRetries = MAX_RETRIES) {
  const config = testConfig([], (c) => ({ ...c, wiki: { ...c.wiki, maxRetries } }));
  const env = envFor('bot', apiUrl);
  const { log, lines } = memoryLogger(env.secrets);
  const wiki = await WikiClient.connect(wikiClientOptions(config, env, false, log));
  return { wiki, lines };
}

function wikiScript(name: 'stop' | 'start'): void {
  execFileSync('bash', [path.join(repoRoot, 'test/wiki', `${name}.sh`)], { env: process.env, stdio: 'pipe', timeout: 180_000 });
}

/** The wiki's session store loses every session (as a restart of Meta's session store would): its rows go. */
function forgetSessions(): void {
  const store = new Database(path.join(wikiDataDir, 'db', 'wikicache.sqlite'));
  try {
    store.prepare("DELETE FROM objectcache WHERE keyname LIKE '%:MWSession:%'").run();
  } finally {
    store.close();
  }
}

afterAll(() => wikiScript('start'));

it('a request whose retries an outage used up, and that then meets a forgotten session, logs in again once and goes through', async () => {
  const rules: FaultRule[] = [];
  const proxy = await startFaultProxy({ target: readCredentials().serverUrl, seed: 1, rules });
  try {
    const { wiki, lines } = await connectBot(proxy.apiUrl);
    // Every retry of the next request meets the outage; the one after it, the wiki back without the session.
    rules.push({ fault: 'drop-before', maxCount: MAX_RETRIES }, { fault: 'session-lost', maxCount: 1 });
    const answer = await wiki.query({ meta: 'userinfo' });
    expect(answer.query.userinfo.name).toBe(readCredentials().bot.username.split('@')[0]);
    expect(proxy.injected.map((i) => i.fault)).toEqual(['drop-before', 'drop-before', 'session-lost']);
    const warnings = lines.map((line) => JSON.parse(line)).filter((line) => line.level === 'warn').map((line) => line.message);
    expect(warnings).toEqual([
      expect.stringMatching(/^wiki unreachable \(ECONNRESET\); retrying action=query in .* \(retry 1 of 2\)$/),
      expect.stringMatching(/^wiki unreachable \(ECONNRESET\); retrying action=query in .* \(retry 2 of 2\)$/),
      'the wiki answered "assertbotfailed"; logging in again and retrying action=query',
    ]);
  } finally {
    await proxy.close();
  }
});

it('the wiki stopped mid-request and started again with its sessions gone: the request goes through', async () => {
  // Retries long enough to span a restart (start.sh takes a few seconds): 0.2 s doubling to 2 s, 12 times.
  const { wiki } = await connectBot(undefined, 12);
  wikiScript('stop');
  forgetSessions();
  const pending = wiki.query({ meta: 'userinfo' });
  wikiScript('start');
  expect((await pending).query.userinfo.name).toBe(readCredentials().bot.username.split('@')[0]);
}, 180_000);

it('after an outage longer than the retries, the next request goes through', async () => {
  const { wiki } = await connectBot();
  wikiScript('stop');
  forgetSessions();
  await expect(wiki.query({ meta: 'userinfo' })).rejects.toBeInstanceOf(WikiUnreachableError);
  wikiScript('start');
  expect((await wiki.query({ meta: 'userinfo' })).query.userinfo.name).toBe(readCredentials().bot.username.split('@')[0]);
}, 180_000);

it('a wiki that stops answering while the shutoff page is read is an unreachable wiki (exit 4), not a shutoff (exit 3)', async () => {
  const proxy = await startFaultProxy({ target: readCredentials().serverUrl, seed: 1, rules: [] });
  const config = testConfig([appendTask], (c) => ({ ...c, wiki: { ...c.wiki, maxRetries: 1 } }));
  const runtime = await openTestRuntime({ tasks: [appendTask], config, apiUrl: proxy.apiUrl });
  try {
    await proxy.close(); // nothing answers at the wiki's address any more: ECONNREFUSED
    await expect(assertNotShutOff(runtime.wiki, config)).rejects.toBeInstanceOf(WikiUnreachableError);
    const report = await runTask(
      { wiki: runtime.wiki, ledger: runtime.ledger, config, log: runtime.log, clock: () => new Date() },
      { task: appendTask, trigger: 'cli', dryRun: false },
    );
    expect(report).toMatchObject({ result: 'unreachable', error: expect.stringMatching(/^Could not reach the wiki at .*ECONNREFUSED/) });
    expect(exitCodeForReports([report])).toBe(EXIT_UNREACHABLE);
    expect(runtime.ledger.recentRuns(1)[0]).toMatchObject({ result: 'unreachable' });
  } finally {
    runtime.close();
  }
});

it('an outage after the first save: the pages not reached are counted as such, and the status page is updated once the wiki is back', async () => {
  const editor = await connectAs('editor');
  const prefix = uniquePrefix('outage-run');
  const pages = [1, 2, 3].map((n) => `${prefix}Page ${n}`);
  for (const title of pages) await humanEdit(editor, title, 'Department text.');
  const rules: FaultRule[] = [];
  const proxy = await startFaultProxy({ target: readCredentials().serverUrl, seed: 1, rules });
  const config = testConfig([appendTask], (c) => ({
    ...c,
    wiki: { ...c.wiki, maxRetries: 1 },
    bot: { ...c.bot, statusPage: `${prefix}Status` },
    tasks: { ...c.tasks, 'test-append': { ...c.tasks['test-append'], settings: appendSettings.parse({ pages, line: 'Checked.' }) } },
  }));
  const runtime = await openTestRuntime({ tasks: [appendTask], config, apiUrl: proxy.apiUrl });
  const deps = { wiki: runtime.wiki, ledger: runtime.ledger, config, log: runtime.log, clock: () => new Date() };
  try {
    // The wiki goes away once the first page is saved: nothing answers until the rule is lifted.
    const goAway = () => void rules.splice(0, rules.length, { fault: 'drop-before' });
    const report = await runTask({ ...deps, onProgress: goAway }, { task: appendTask, trigger: 'cli', dryRun: false });
    expect(report.outcomes.map((o) => [o.title, o.status])).toEqual([
      [pages[0], 'edited'],
      [pages[1], 'not-reached'],
      [pages[2], 'not-reached'],
    ]);
    expect(report.outcomes[1].reason).toMatch(/^not reached: the wiki stopped answering \(Could not reach the wiki/);
    expect(report).toMatchObject({ result: 'unreachable' });
    expect(formatRunReport(report, proxy.apiUrl, false)).toMatch(/^== test-append: unreachable \(ledger run \d+\) ==/);
    expect(formatRunReport(report, proxy.apiUrl, false)).toMatch(/\ntest-append: 1 saved, 0 already up to date, 0 skipped, 0 failed, 2 not reached$/);
    const [run] = runtime.ledger.recentRuns(1, appendTask.name);
    expect(run).toMatchObject({ result: 'unreachable', edits: 1, skipped: 0, errors: 0, details: expect.objectContaining({ notReached: 2 }) });
    const view = collectStatusView(runtime.ledger, [appendTask], config, new Date(), { limit: 5 });
    const statusView = formatStatusView(view, undefined);
    expect(statusView).toContain('unreachable, 2 not reached');
    // The counts of `deptbot status` add up as the count line's: 1 saved, 0, 0, 0, 2 not reached.
    const taskRow = statusView.split('\n').find((line) => line.startsWith('test-append ')) ?? '';
    expect(taskRow.split(/\s{2,}/).slice(3, 8)).toEqual(['1', '0', '0', '0', '2']);
    expect(await pageText(editor, pages[1])).toBe('Department text.');

    rules.length = 0; // the wiki is back
    const status = await publishStatusPages({ ...deps, tasks: [appendTask] }, 'cli', true);
    expect(status.outcomes.filter((o) => o.title === `${prefix}Status`).map((o) => o.status)).toEqual(['created']);
    const statusText = (await pageText(editor, `${prefix}Status`)) ?? '';
    expect(statusText).toContain("'''Not reached in the last run'''");
    expect(statusText).toContain('|| unreachable, 2 not reached ||');
    for (const title of pages.slice(1)) expect(statusText).toContain(`[[:${title}]]`);
  } finally {
    runtime.close();
    await proxy.close();
  }
}, 60_000);
