// Regression test for the writer, found with the fault proxy's late requests: a save that reaches
// the wiki only after the bot gave up waiting (a slow network or a queue in front of the wiki) must
// not post a new section twice once the bot has re-read the page and posted it again.
import { reminderMarker } from '../../src/core/planned-change';
import { connectAs, humanEdit, pageText, uniquePrefix } from '../support/local-wiki';
import { runAppendThroughProxy } from './append-through-proxy';

it('posts a new section once when its first request reaches the wiki after the bot retried it', async () => {
  const editor = await connectAs('editor');
  const talk = `Talk:${uniquePrefix('late save')}Page`;
  await humanEdit(editor, talk, '== Earlier ==\nA question. ~~~~');
  const { report, injected } = await runAppendThroughProxy(
    { sections: [{ page: talk, key: 'late', title: 'A note', body: 'A note.' }] },
    // Held past the client's timeout (1 s): the bot re-reads, finds no marker and posts again first.
    { rules: [{ fault: 'late', actions: ['edit'], writes: true, maxCount: 1, delayMs: { min: 2500, max: 2500 } }] },
    { timeoutMs: 1000 },
  );
  expect(report.outcomes.map((o) => o.status)).toEqual(['posted']);
  expect(injected.map((i) => i.fault)).toEqual(['late']);
  expect((await pageText(editor, talk))?.split(reminderMarker('test:late')).length).toBe(2);
});
