// Regression test for the writer, found with the fault proxy's late requests: a save that reaches
// the wiki only after the bot gave up waiting (a slow network or a queue in front of the wiki) must
// not post a new section twice once the bot has re-read the page and posted it again.
import { runTask } from '../../src/core/run-task';
import { reminderMarker } from '../../src/core/planned-change';
import { appendTask } from '../support/append-task';
import { startFaultProxy } from '../support/fault-proxy';
import { connectAs, humanEdit, openTestRuntime, pageText, readCredentials, testConfig, uniquePrefix } from '../support/local-wiki';

it('posts a new section once when its first request reaches the wiki after the bot retried it', async () => {
  const editor = await connectAs('editor');
  const talk = `Talk:${uniquePrefix('late save')}Page`;
  await humanEdit(editor, talk, '== Earlier ==\nA question. ~~~~');
  const proxy = await startFaultProxy({
    target: readCredentials().serverUrl,
    seed: 1,
    // Held past the client's timeout (1 s): the bot re-reads, finds no marker and posts again first.
    rules: [{ fault: 'late', actions: ['edit'], writes: true, maxCount: 1, delayMs: { min: 2500, max: 2500 } }],
  });
  const config = testConfig([appendTask], (c) => ({
    ...c,
    wiki: { ...c.wiki, timeoutMs: 1000 },
    tasks: {
      ...c.tasks,
      'test-append': { ...c.tasks['test-append'], settings: { pages: [], line: 'x', sections: [{ page: talk, key: 'late', title: 'A note', body: 'A note.' }] } },
    },
  }));
  try {
    const runtime = await openTestRuntime({ tasks: [appendTask], config, apiUrl: proxy.apiUrl });
    try {
      const report = await runTask(
        { wiki: runtime.wiki, ledger: runtime.ledger, config, log: runtime.log, clock: () => new Date() },
        { task: appendTask, trigger: 'cli', dryRun: false },
      );
      expect(report.outcomes.map((o) => o.status)).toEqual(['posted']);
    } finally {
      runtime.close();
    }
    // Let the held request reach the wiki before looking.
    await new Promise((resolve) => setTimeout(resolve, 3000));
  } finally {
    await proxy.close();
  }
  expect(proxy.injected.map((i) => i.fault)).toEqual(['late']);
  expect((await pageText(editor, talk))?.split(reminderMarker('test:late')).length).toBe(2);
});
