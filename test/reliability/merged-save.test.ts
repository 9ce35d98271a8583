// Regression test for the writer, found by the fault suite's concurrent edits: when a person saves
// between the bot's read and its save, MediaWiki merges the two (baserevid) and the bot's transform
// never sees the person's edit. The writer must end where its transform would on the person's text.
import { connectAs, humanEdit, pageText, readCredentials, uniquePrefix } from '../support/local-wiki';
import { runAppendThroughProxy } from './append-through-proxy';

const BASE = 'Department page text.\n\nMore text.';
const REGION = '<!-- deptbot:test-note -->\nChecked by deptbot.\n<!-- /deptbot:test-note -->';

it.each([
  ['the same managed region, at the top', `${REGION}\n${BASE}`],
  ['{{nobots}}, at the top', `{{nobots}}\n${BASE}`],
])("a person adds %s while the bot saves: the page is what the transform makes of the person's text", async (_what, personText) => {
  const editor = await connectAs('editor');
  const title = `${uniquePrefix('merged save')}Page`;
  await humanEdit(editor, title, BASE);
  const { injected } = await runAppendThroughProxy(
    { pages: [title], line: 'Checked by deptbot.' },
    {
      rules: [{ fault: 'concurrent-edit', actions: ['edit'], writes: true, maxCount: 1 }],
      concurrentEdit: async (page) => void (await humanEdit(editor, page, personText, 'a person edits meanwhile')),
    },
  );
  expect(injected).toHaveLength(1);
  // Both person edits leave nothing for the transform to do (the region is there, or the bot is excluded).
  expect(await pageText(editor, title)).toBe(personText);
});

it('a merged save whose redo finds the page already right is reported and recorded as the save it is', async () => {
  const editor = await connectAs('editor');
  const title = `${uniquePrefix('merged save counted')}Page`;
  await humanEdit(editor, title, BASE);
  const personText = `${REGION}\n${BASE}`;
  // The person edits before the bot's save (merged) and again, to the same text, before its redo.
  const { report, injected, ledgerEdits } = await runAppendThroughProxy(
    { pages: [title], line: 'Checked by deptbot.' },
    {
      rules: [{ fault: 'concurrent-edit', actions: ['edit'], writes: true, maxCount: 2 }],
      concurrentEdit: async (page) => void (await humanEdit(editor, page, personText, 'a person edits meanwhile')),
    },
  );
  expect(injected).toHaveLength(2);
  expect(await pageText(editor, title)).toBe(personText);
  expect(report.outcomes).toEqual([
    expect.objectContaining({ title, status: 'edited', reason: 'MediaWiki merged the save with an edit made meanwhile; nothing left to redo' }),
  ]);
  expect(ledgerEdits(title)).toHaveLength(1);
});

it("a merge that already holds the bot's change is accepted as MediaWiki made it: no second revision", async () => {
  const editor = await connectAs('editor');
  const title = `${uniquePrefix('merged save accepted')}Page`;
  await humanEdit(editor, title, BASE);
  // The bot adds its region at the top while a person adds a line there: MediaWiki merges the two
  // with the person's line first, where the transform run on the person's text would put the region first.
  const personText = `A line a person adds.\n\n${BASE}`;
  const { report, injected, ledgerEdits } = await runAppendThroughProxy(
    { pages: [title], line: "Checked by deptbot.", at: "top" },
    {
      rules: [{ fault: 'concurrent-edit', actions: ['edit'], writes: true, maxCount: 1 }],
      concurrentEdit: async (page) => void (await humanEdit(editor, page, personText, 'a person edits meanwhile')),
    },
  );
  expect(injected).toHaveLength(1);
  const history = await editor.query({ prop: 'revisions', titles: title, rvprop: 'ids|user', rvlimit: 'max' });
  const revisions: { user: string }[] = history.query.pages[0].revisions;
  // Newest first: the bot's merged save, the person's edit, the base. The transform run on the merge changes nothing.
  expect(revisions.map((r) => r.user)).toEqual([readCredentials().bot.username.split('@')[0], expect.any(String), expect.any(String)]);
  const text = (await pageText(editor, title)) ?? '';
  expect(text).toContain('A line a person adds.');
  expect(text.match(/<!-- deptbot:test-note -->/g)).toHaveLength(1);
  expect(report.outcomes.map((o) => o.status)).toEqual(['edited']);
  expect(ledgerEdits(title)).toHaveLength(1);
});
