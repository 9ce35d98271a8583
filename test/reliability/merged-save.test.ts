// Regression test for the writer, found by the fault suite's concurrent edits: when a person saves
// between the bot's read and its save, MediaWiki merges the two (baserevid) and the bot's transform
// never sees the person's edit. The writer must end where its transform would on the person's text.
import { connectAs, humanEdit, pageText, uniquePrefix } from '../support/local-wiki';
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
