// Regression tests for two faults of the wiki client's re-login, found by the fault suite: a session
// the wiki forgets for one request, and a session lost during a login.
import { connectAs, humanEdit, pageText, uniquePrefix } from '../support/local-wiki';
import type { FaultRule } from '../support/fault-proxy';
import { runAppendThroughProxy } from './append-through-proxy';

const SAVED = 'Department page text.\n\n<!-- deptbot:test-note -->\nChecked.\n<!-- /deptbot:test-note -->';

async function runOnNewPage(rules: FaultRule[]) {
  const editor = await connectAs('editor');
  const title = `${uniquePrefix('session-loss')}Page`;
  await humanEdit(editor, title, 'Department page text.');
  const { report, injected } = await runAppendThroughProxy({ pages: [title], line: 'Checked.' }, { rules });
  return { report, injected, text: await pageText(editor, title) };
}

it('saves an edit whose first attempt met a session the wiki had forgotten for that one request', async () => {
  // The wiki answers assertbotfailed, but still knows the session afterwards: a login on it is refused
  // ("Cannot log in when using BotPasswordSessionProvider sessions"), so the client must log in afresh.
  const { report, text, injected } = await runOnNewPage([{ fault: 'session-lost', actions: ['edit'], maxCount: 1 }]);
  expect(injected.map((i) => i.fault)).toEqual(['session-lost']);
  expect(report.outcomes.map((o) => [o.status, o.reason])).toEqual([['edited', undefined]]);
  expect(text).toBe(SAVED);
});

it('does not hang when the session is lost during a login', async () => {
  // Requests 1-3 are mwn's login: login token, action=login, then tokens and site info (with assert=bot).
  // A re-login asked for by request 3 would wait for the login that is waiting for request 3.
  const { report, text, injected } = await runOnNewPage([{ fault: 'session-lost', atRequest: 3 }]);
  expect(injected.map((i) => `${i.fault} ${i.request.action}`)).toEqual(['session-lost query']);
  expect(report.outcomes.map((o) => o.status)).toEqual(['edited']);
  expect(text).toBe(SAVED);
}, 20_000);
