// A plan in parts (Task.plan): each part is prepared and printed or saved before the next is asked
// for, the edit budget and a stop request hold across parts, and a task that fails in a later part
// still accounts for what the earlier parts saved.
import type { Config } from '../../src/config/schema';
import type { PlannedChange } from '../../src/core/planned-change';
import { runTask } from '../../src/core/run-task';
import { countOutcomes, type RunDeps } from '../../src/core/run-loop';
import type { Task, TaskPlan } from '../../src/core/task';
import { appendSettings, appendTask, type AppendSettings } from '../support/append-task';
import { connectAs, currentRevId, humanEdit, openTestRuntime, pageText, testConfig, uniquePrefix } from '../support/local-wiki';
import type { WikiClient } from '../../src/wiki/client';

type Runtime = Awaited<ReturnType<typeof openTestRuntime>>;

/** test-append's parts, then a failure: a task that breaks while planning its last part. */
const failingTask: Task<AppendSettings> = {
  ...appendTask,
  name: 'test-failing',
  async *plan(ctx): AsyncGenerator<TaskPlan> {
    yield* appendTask.plan(ctx);
    throw new Error('the last part could not be planned');
  },
};

const tasks = [appendTask, failingTask];

function configFor(pages: string[], safety: Partial<Config['safety']> = {}): Config {
  return testConfig(tasks, (c) => ({
    ...c,
    safety: { ...c.safety, throttleSeconds: 0, ...safety },
    tasks: Object.fromEntries(
      tasks.map((task) => [task.name, { enabled: true, schedule: '*/5 * * * *', settings: appendSettings.parse({ pages, line: 'In parts.' }) }]),
    ),
  }));
}

function depsOf(runtime: Runtime, extra: Partial<RunDeps> = {}): RunDeps {
  return { wiki: runtime.wiki, ledger: runtime.ledger, config: runtime.config, log: runtime.log, clock: () => new Date(), ...extra };
}

/** A page of makePages once test-append has noted on it. */
const noted = 'Department text.\n\n<!-- deptbot:test-note -->\nIn parts.\n<!-- /deptbot:test-note -->\n';

let editor: WikiClient;

beforeAll(async () => {
  editor = await connectAs('editor');
});

async function makePages(name: string, count: number): Promise<string[]> {
  const prefix = uniquePrefix(name);
  const titles = Array.from({ length: count }, (_, i) => `${prefix}Page ${i + 1}`);
  for (const title of titles) await humanEdit(editor, title, 'Department text.\n');
  return titles;
}

it('a dry-run hands on each part as it is prepared, with the same changes and reads as one part', async () => {
  const pages = await makePages('parts-dry', 5);
  const runtime = await openTestRuntime({ tasks, dryRun: true, config: configFor(pages) });
  try {
    const plan = async (pagesPerPart: number) => {
      const parts: PlannedChange[][] = [];
      const report = await runTask(depsOf(runtime, { pagesPerPart, onPlanned: (changes) => parts.push([...changes]) }), {
        task: appendTask,
        trigger: 'cli',
        dryRun: true,
      });
      return { report, parts };
    };
    const whole = await plan(500);
    const inParts = await plan(2);
    expect(whole.parts.map((part) => part.length)).toEqual([5, 0]);
    // Pages 1–2, 3–4, 5, then the (empty) part of new sections.
    expect(inParts.parts.map((part) => part.length)).toEqual([2, 2, 1, 0]);
    const texts = (parts: PlannedChange[][]) => parts.flat().map((c) => [c.title, c.newText]);
    expect(texts(inParts.parts)).toEqual(pages.map((title) => [title, noted]));
    expect(texts(whole.parts)).toEqual(texts(inParts.parts));
    expect(inParts.report.outcomes.map((o) => [o.title, o.status])).toEqual(pages.map((title) => [title, 'planned']));
    // One read per part: three parts of pages; the part of new sections reads nothing.
    expect(whole.report.requests).toBe(1);
    expect(inParts.report.requests).toBe(3);
  } finally {
    runtime.close();
  }
});

it('an applied run saves part by part and the edit budget holds across parts', async () => {
  const pages = await makePages('parts-budget', 5);
  const runtime = await openTestRuntime({ tasks, config: configFor(pages, { editBudget: 3 }) });
  try {
    const report = await runTask(depsOf(runtime, { pagesPerPart: 2 }), { task: appendTask, trigger: 'cli', dryRun: false });
    expect(report.outcomes.map((o) => o.status)).toEqual(['edited', 'edited', 'edited', 'not-reached', 'not-reached']);
    expect(report.outcomes.slice(3).map((o) => o.reason)).toEqual(Array(2).fill('not saved: the edit budget of 3 per run is used up; next run'));
    expect(report.result).toBe('ok');
    for (const title of pages.slice(0, 3)) expect(await pageText(editor, title)).toBe(noted.trimEnd());
    for (const title of pages.slice(3)) expect(await pageText(editor, title)).toBe('Department text.');
    expect(runtime.ledger.editsOn(pages[2], appendTask.name)).toHaveLength(1);
    expect(runtime.ledger.editsOn(pages[3], appendTask.name)).toHaveLength(0);
  } finally {
    runtime.close();
  }
});

it('a stop request ends the run before the next part is planned', async () => {
  const pages = await makePages('parts-stop', 5);
  const runtime = await openTestRuntime({ tasks, config: configFor(pages) });
  let saves = 0;
  const revsBefore = await Promise.all(pages.map((title) => currentRevId(editor, title)));
  try {
    const report = await runTask(
      depsOf(runtime, { pagesPerPart: 2, shouldStop: () => saves >= 1, onProgress: (done) => (saves = done) }),
      { task: appendTask, trigger: 'cli', dryRun: false },
    );
    expect(report.result).toBe('interrupted');
    // The first part: one saved, one held back; later parts were never planned.
    expect(report.outcomes.map((o) => [o.title, o.status])).toEqual([
      [pages[0], 'edited'],
      [pages[1], 'not-reached'],
    ]);
    expect(await Promise.all(pages.slice(1).map((title) => currentRevId(editor, title)))).toEqual(revsBefore.slice(1));
  } finally {
    runtime.close();
  }
});

it('a task that fails in a later part still accounts for the edits its earlier parts saved', async () => {
  const pages = await makePages('parts-failing', 3);
  const runtime = await openTestRuntime({ tasks, config: configFor(pages) });
  try {
    const report = await runTask(depsOf(runtime, { pagesPerPart: 2 }), { task: failingTask, trigger: 'cli', dryRun: false });
    expect(report.result).toBe('failed');
    expect(report.error).toBe('the last part could not be planned');
    expect(report.outcomes.map((o) => [o.title, o.status])).toEqual(pages.map((title) => [title, 'edited']));
    expect(countOutcomes(report.outcomes).edits).toBe(3);
    expect(runtime.ledger.recentRuns(1, failingTask.name)[0]).toMatchObject({ id: report.runId, result: 'failed', edits: 3 });
  } finally {
    runtime.close();
  }
});
