// Regression tests for two faults of the wiki client's re-login, found by the fault suite: a session
// the wiki forgets for one request, and a session lost during a login.
import { runTask } from '../../src/core/run-task';
import { appendTask } from '../support/append-task';
import { startFaultProxy, type FaultRule } from '../support/fault-proxy';
import { connectAs, humanEdit, openTestRuntime, pageText, readCredentials, testConfig, uniquePrefix } from '../support/local-wiki';

async function runAppendThroughProxy(rules: FaultRule[]) {
  const editor = await connectAs('editor');
  const title = `${uniquePrefix('session-loss')}Page`;
  await humanEdit(editor, title, 'Department page text.');
  const proxy = await startFaultProxy({ target: readCredentials().serverUrl, seed: 1, rules });
  const config = testConfig([appendTask], (c) => ({
    ...c,
    tasks: { ...c.tasks, 'test-append': { ...c.tasks['test-append'], settings: { pages: [title], line: 'Checked.', sections: [] } } },
  }));
  try {
    const runtime = await openTestRuntime({ tasks: [appendTask], config, apiUrl: proxy.apiUrl });
    try {
      const report = await runTask(
        { wiki: runtime.wiki, ledger: runtime.ledger, config, log: runtime.log, clock: () => new Date() },
        { task: appendTask, trigger: 'cli', dryRun: false },
      );
      return { report, text: await pageText(editor, title), injected: proxy.injected };
    } finally {
      runtime.close();
    }
  } finally {
    await proxy.close();
  }
}

const SAVED = 'Department page text.\n\n<!-- deptbot:test-note -->\nChecked.\n<!-- /deptbot:test-note -->';

it('saves an edit whose first attempt met a session the wiki had forgotten for that one request', async () => {
  // The wiki answers assertbotfailed, but still knows the session afterwards: a login on it is refused
  // ("Cannot log in when using BotPasswordSessionProvider sessions"), so the client must log in afresh.
  const { report, text, injected } = await runAppendThroughProxy([{ fault: 'session-lost', actions: ['edit'], maxCount: 1 }]);
  expect(injected.map((i) => i.fault)).toEqual(['session-lost']);
  expect(report.outcomes.map((o) => [o.status, o.reason])).toEqual([['edited', undefined]]);
  expect(text).toBe(SAVED);
});

it('does not hang when the session is lost during a login', async () => {
  // Requests 1-3 are mwn's login: login token, action=login, then tokens and site info (with assert=bot).
  // A re-login asked for by request 3 would wait for the login that is waiting for request 3.
  const { report, text, injected } = await runAppendThroughProxy([{ fault: 'session-lost', atRequest: 3 }]);
  expect(injected.map((i) => `${i.fault} ${i.request.action}`)).toEqual(['session-lost query']);
  expect(report.outcomes.map((o) => o.status)).toEqual(['edited']);
  expect(text).toBe(SAVED);
}, 20_000);
