// The fixture task page-stamp (test/fixtures/tasks), added by its folder and one registry line, runs
// through the same loop as every task: read in parts, the safety rules, the one writer.
import { runTask } from '../../src/core/run-task';
import { pageStampSettings } from '../fixtures/tasks/page-stamp/settings';
import { fixtureTasks } from '../fixtures/tasks';
import { connectAs, humanEdit, openTestRuntime, pageText, testConfig, uniquePrefix } from '../support/local-wiki';

const pageStamp = fixtureTasks.find((task) => task.name === 'page-stamp')!;

it('stamps the pages of its settings, part by part, and a second run changes nothing', async () => {
  const editor = await connectAs('editor');
  const prefix = uniquePrefix('page-stamp');
  const pages = [`${prefix}First`, `${prefix}Second`, `${prefix}Third`];
  for (const title of pages) await humanEdit(editor, title, 'Department text.\n');
  const config = testConfig([pageStamp], (c) => ({
    ...c,
    tasks: { ...c.tasks, 'page-stamp': { enabled: true, schedule: '*/10 * * * *', settings: pageStampSettings.parse({ pages, stamp: 'Stamped.' }) } },
  }));
  const runtime = await openTestRuntime({ tasks: [pageStamp], config });
  try {
    const deps = { wiki: runtime.wiki, ledger: runtime.ledger, config: runtime.config, log: runtime.log, clock: () => new Date(), pagesPerPart: 2 };
    const first = await runTask(deps, { task: pageStamp, trigger: 'cli', dryRun: false });
    expect(first.outcomes.map((o) => [o.title, o.status])).toEqual(pages.map((title) => [title, 'edited']));
    const second = await runTask(deps, { task: pageStamp, trigger: 'cli', dryRun: false });
    expect(second.outcomes.map((o) => o.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
  } finally {
    runtime.close();
  }
  expect(await pageText(editor, pages[0])).toBe('Department text.\n\n<!-- deptbot:page-stamp -->\nStamped.\n<!-- /deptbot:page-stamp -->');
});
