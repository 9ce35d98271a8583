// Regression test for the writer, found by the fault suite's concurrent edits: when a person saves
// between the bot's read and its save, MediaWiki merges the two (baserevid) and the bot's transform
// never sees the person's edit. The writer must end where its transform would on the person's text.
import { runTask } from '../../src/core/run-task';
import { appendTask } from '../support/append-task';
import { startFaultProxy } from '../support/fault-proxy';
import { connectAs, humanEdit, openTestRuntime, pageText, readCredentials, testConfig, uniquePrefix } from '../support/local-wiki';

const BASE = 'Department page text.\n\nMore text.';
const REGION = '<!-- deptbot:test-note -->\nChecked by deptbot.\n<!-- /deptbot:test-note -->';

it.each([
  ['the same managed region, at the top', `${REGION}\n${BASE}`],
  ['{{nobots}}, at the top', `{{nobots}}\n${BASE}`],
])('a person adds %s while the bot saves: the page is what the transform makes of the person\'s text', async (_what, personText) => {
  const editor = await connectAs('editor');
  const title = `${uniquePrefix('merged save')}Page`;
  await humanEdit(editor, title, BASE);
  const proxy = await startFaultProxy({
    target: readCredentials().serverUrl,
    seed: 1,
    rules: [{ fault: 'concurrent-edit', actions: ['edit'], writes: true, maxCount: 1 }],
    concurrentEdit: async (page) => void (await humanEdit(editor, page, personText, 'a person edits meanwhile')),
  });
  const config = testConfig([appendTask], (c) => ({
    ...c,
    tasks: { ...c.tasks, 'test-append': { ...c.tasks['test-append'], settings: { pages: [title], line: 'Checked by deptbot.', sections: [] } } },
  }));
  try {
    const runtime = await openTestRuntime({ tasks: [appendTask], config, apiUrl: proxy.apiUrl });
    try {
      await runTask(
        { wiki: runtime.wiki, ledger: runtime.ledger, config, log: runtime.log, clock: () => new Date() },
        { task: appendTask, trigger: 'cli', dryRun: false },
      );
    } finally {
      runtime.close();
    }
  } finally {
    await proxy.close();
  }
  expect(proxy.injected).toHaveLength(1);
  // Both person edits leave nothing for the transform to do (the region is there, or the bot is excluded).
  expect(await pageText(editor, title)).toBe(personText);
});
