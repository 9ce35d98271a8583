// Regression tests for writes whose answer is lost: a save that landed and was then edited by a
// person before the bot re-read the page is recorded as the bot's save; a write answered by HTTP
// 503 with Retry-After is re-read only after that wait, never resent.
import { connectAs, humanEdit, pageText, readCredentials, uniquePrefix } from '../support/local-wiki';
import { runAppendThroughProxy } from './append-through-proxy';

const BASE = 'Department page text.\n\nMore text.';
const REGION = '<!-- deptbot:test-note -->\nChecked by deptbot.\n<!-- /deptbot:test-note -->';

it("a save that landed, lost its answer, and was then edited by a person is recorded as the bot's save", async () => {
  const editor = await connectAs('editor');
  const title = `${uniquePrefix('lost answer then person')}Page`;
  await humanEdit(editor, title, BASE);
  const personText = `A line a person adds.\n${BASE}\n\n${REGION}`;
  const { report, injected, ledgerEdits } = await runAppendThroughProxy(
    { pages: [title], line: 'Checked by deptbot.' },
    {
      rules: [{ fault: 'drop-after-concurrent-edit', actions: ['edit'], writes: true, maxCount: 1 }],
      concurrentEdit: async (page) => void (await humanEdit(editor, page, personText, 'a person edits after the bot')),
    },
  );
  expect(injected).toHaveLength(1);
  expect(await pageText(editor, title)).toBe(personText);
  const history = await editor.query({ prop: 'revisions', titles: title, rvprop: 'ids|user', rvlimit: 'max' });
  const [, botRevision] = history.query.pages[0].revisions as { revid: number; user: string }[];
  expect(botRevision.user).toBe(readCredentials().bot.username.split('@')[0]);
  expect(report.outcomes).toEqual([
    expect.objectContaining({ title, status: 'edited', newRevId: botRevision.revid, reason: 'the save reached the wiki although its answer was lost' }),
  ]);
  expect(ledgerEdits(title).map((edit) => edit.newRevId)).toEqual([botRevision.revid]);
});

it('a write answered by HTTP 503 with Retry-After is re-read after that wait, not resent', async () => {
  const editor = await connectAs('editor');
  const title = `${uniquePrefix('503 on write')}Page`;
  await humanEdit(editor, title, BASE);
  const { report, injected, requests } = await runAppendThroughProxy(
    { pages: [title], line: 'Checked by deptbot.' },
    { rules: [{ fault: 'http-503', actions: ['edit'], writes: true, maxCount: 1, retryAfterSeconds: 1 }] },
  );
  expect(injected).toHaveLength(1);
  const refused = injected[0].request;
  const next = requests[refused.n]; // the request after the refused write: the re-read
  expect(next.action).toBe('query');
  expect(next.at - refused.at).toBeGreaterThanOrEqual(1000);
  expect(report.outcomes.map((o) => o.status)).toEqual(['edited']);
  expect(await pageText(editor, title)).toBe(`${BASE}\n\n${REGION}`);
});
