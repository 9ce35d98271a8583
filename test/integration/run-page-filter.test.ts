// `--page` is applied once, by the framework, for every task: titles compare as MediaWiki compares
// them, and a page the task does not cover is said to be so rather than reported as an empty run.
import type { Config } from '../../src/config/schema';
import type { RunDeps } from '../../src/core/run-loop';
import { runTask } from '../../src/core/run-task';
import { appendSettings, appendTask } from '../support/append-task';
import { connectAs, humanEdit, openTestRuntime, testConfig, uniquePrefix } from '../support/local-wiki';

type Runtime = Awaited<ReturnType<typeof openTestRuntime>>;

function configFor(pages: string[]): Config {
  return testConfig([appendTask], (c) => ({
    ...c,
    tasks: { [appendTask.name]: { enabled: true, schedule: '*/5 * * * *', settings: appendSettings.parse({ pages, line: 'Filtered.' }) } },
  }));
}

function depsOf(runtime: Runtime): RunDeps {
  return { wiki: runtime.wiki, ledger: runtime.ledger, config: runtime.config, log: runtime.log, clock: () => new Date() };
}

let pages: string[];

beforeAll(async () => {
  const editor = await connectAs('editor');
  const prefix = uniquePrefix('page-filter');
  pages = [`${prefix}One page`, `${prefix}Other page`];
  for (const title of pages) await humanEdit(editor, title, 'Department text.\n');
});

it('keeps only the named page, written with underscores and a lower-case first letter', async () => {
  const runtime = await openTestRuntime({ tasks: [appendTask], dryRun: true, config: configFor(pages) });
  try {
    const asTyped = pages[1].charAt(0).toLowerCase() + pages[1].slice(1).replace(/ /g, '_');
    const report = await runTask(depsOf(runtime), { task: appendTask, trigger: 'cli', dryRun: true, onlyPage: asTyped });
    expect(report.outcomes.map((o) => [o.title, o.status])).toEqual([[pages[1], 'planned']]);
    expect(report.notes).toEqual([]);
  } finally {
    runtime.close();
  }
});

it('says when --page names a page the task does not cover', async () => {
  const runtime = await openTestRuntime({ tasks: [appendTask], dryRun: true, config: configFor(pages) });
  try {
    const report = await runTask(depsOf(runtime), { task: appendTask, trigger: 'cli', dryRun: true, onlyPage: 'Not a department page' });
    expect(report.outcomes).toEqual([]);
    expect(report.notes).toEqual([
      '--page "Not a department page": test-append has nothing for this page; it is not among the pages the task covers now',
    ]);
  } finally {
    runtime.close();
  }
});
