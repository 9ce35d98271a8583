// What editors see (issue 15): every registered task runs on its scenario's copies of the seeded
// pages (test/reliability/scenarios.ts), as `deptbot run --all` runs them (each task, then the
// status pages), and every page the bot saved is fetched through action=parse and checked as
// rendered (test/support/rendered-check.ts). A second round an hour later, with nothing to do,
// must save nothing at all, the status page included.
import type { Config } from '../../src/config/schema';
import type { ChangeOutcome } from '../../src/core/planned-change';
import { runTask } from '../../src/core/run-task';
import type { Task } from '../../src/core/task';
import { Ledger } from '../../src/ledger/ledger';
import { publishStatusPages } from '../../src/status/publish-status';
import { registeredTasks } from '../../tasks';
import { RUN_CLOCK, scenarios } from '../reliability/scenarios';
import { connectAs, openTestRuntime, readCredentials, testConfig, uniquePrefix } from '../support/local-wiki';
import { checkRenderedRevisions, formatRenderCheck, type RenderCheckReport, type SavedRevision } from '../support/rendered-check';
import { botPageExpectation, renderExpectations } from '../support/rendered-expectations';
import { copySeedPages } from '../support/seed-pages';
import { RECORDED_GROUP, startTranslateReplay, type TranslateReplay } from '../support/translate-replay';

const HOUR_MS = 3600 * 1000;
const SAVED: ReadonlySet<ChangeOutcome['status']> = new Set(['edited', 'created', 'posted']);

interface World {
  prefix: string;
  config: Config;
}

let replay: TranslateReplay;

beforeAll(async () => {
  replay = await startTranslateReplay();
});

afterAll(async () => {
  await replay?.close();
});

/** One prefix for every task's scenario, so that one status page reports them all. */
async function prepareWorld(): Promise<World> {
  const prefix = uniquePrefix('rendered');
  const editor = await connectAs('editor');
  const admin = await connectAs('admin');
  const seedPages = [...new Set(registeredTasks.flatMap((task) => scenarios[task.name].seedPages))];
  await copySeedPages(editor, prefix, seedPages);
  for (const page of registeredTasks.flatMap((task) => scenarios[task.name].setupPages?.(prefix) ?? [])) {
    await (page.contentModel ? admin : editor).write({
      action: 'edit',
      title: page.title,
      text: page.text,
      summary: 'set up for the rendered-pages test',
      ...(page.contentModel ? { contentmodel: page.contentModel } : {}),
    });
  }
  const config = testConfig(registeredTasks, (c) => ({
    ...c,
    bot: { docsPage: `User:DeptBot/${prefix}Tasks`, statusPage: `User:DeptBot/${prefix}Status` },
    tasks: Object.fromEntries(
      registeredTasks.map((task) => [task.name, { ...c.tasks[task.name], settings: task.settingsSchema.parse(scenarios[task.name].settings(prefix)) }]),
    ),
  }));
  const ledger = Ledger.open(config.ledger);
  try {
    for (const task of registeredTasks) scenarios[task.name].prepareLedger?.(ledger, prefix);
  } finally {
    ledger.close();
  }
  return { prefix, config };
}

function savedRevisions(outcomes: readonly ChangeOutcome[]): SavedRevision[] {
  return outcomes
    .filter((o) => SAVED.has(o.status) && typeof o.newRevId === 'number')
    .map((o) => ({ title: o.title, oldRevId: o.oldRevId ?? null, newRevId: o.newRevId as number }));
}

/** Runs one task as `deptbot run` does (then the status pages); the saved revisions of each. */
async function runOne(world: World, task: Task, now: Date): Promise<{ task: SavedRevision[]; status: SavedRevision[] }> {
  const apiUrl = scenarios[task.name].usesTranslate ? replay.apiUrl : undefined;
  const runtime = await openTestRuntime({ tasks: registeredTasks, config: world.config, apiUrl });
  try {
    const deps = { wiki: runtime.wiki, ledger: runtime.ledger, config: runtime.config, log: runtime.log, clock: () => now };
    const report = await runTask(deps, { task, trigger: 'cli', dryRun: false });
    expect(report.error).toBeUndefined();
    const status = await publishStatusPages({ ...deps, tasks: registeredTasks }, 'cli', false);
    return { task: savedRevisions(report.outcomes), status: savedRevisions(status.outcomes) };
  } finally {
    runtime.close();
  }
}

function merge(reports: readonly RenderCheckReport[]): RenderCheckReport {
  return { checked: reports.reduce((n, r) => n + r.checked, 0), defects: reports.flatMap((r) => r.defects) };
}

it('every registered task has expectations for its rendered pages', () => {
  expect(registeredTasks.filter((task) => !renderExpectations[task.name] || !scenarios[task.name]).map((t) => t.name)).toEqual([]);
});

// Every task on its scenario's pages (many since issue 19), then each saved revision rendered: more than the default timeout.
it('renders every page the bot saved without defects, and a second round with nothing to do saves nothing', async () => {
  const world = await prepareWorld();
  const apiUrl = readCredentials().apiUrl;
  const intendedRedLinks = [
    // Stop pages are created by the person who stops a task; the local wiki has no talk page for the bot.
    ...registeredTasks.map((task) => `${world.config.safety.shutoffPage}/${task.name}`),
    'User talk:DeptBot',
    // translation-status reports through the Translate replay on Meta's page, which the local wiki
    // (without Translate, so without Special:PageTranslation) does not have; "Never marked" is missing on purpose.
    RECORDED_GROUP.replace(/^page-/, ''),
    `${world.prefix}Never marked`,
    'Special:PageTranslation',
  ];
  const reports: RenderCheckReport[] = [];
  const statusRevisions: SavedRevision[] = [];
  for (const task of registeredTasks) {
    const saved = await runOne(world, task, RUN_CLOCK);
    expect({ task: task.name, saved: saved.task.length > 0 }).toEqual({ task: task.name, saved: true });
    reports.push(await checkRenderedRevisions(saved.task, { apiUrl, intendedRedLinks, expectations: renderExpectations[task.name] }));
    statusRevisions.push(...saved.status);
  }
  // The status pages as they stand after the last task: the revisions editors now read.
  const latestStatus = [...new Map(statusRevisions.map((r) => [r.title, r])).values()];
  reports.push(await checkRenderedRevisions(latestStatus, { apiUrl, intendedRedLinks, expectations: botPageExpectation }));
  const report = merge(reports);
  console.log(`rendered-output checks: ${formatRenderCheck(report)}`);
  expect(latestStatus.map((r) => r.title).sort()).toEqual([world.config.bot.docsPage, world.config.bot.statusPage].sort());
  expect(formatRenderCheck(report)).toBe(`${report.checked} pages checked, 0 defects`);

  // An hour later nothing is left to do: no task saves, and the status pages stay as they are.
  const second: SavedRevision[] = [];
  for (const task of registeredTasks) {
    const saved = await runOne(world, task, new Date(RUN_CLOCK.getTime() + HOUR_MS));
    second.push(...saved.task, ...saved.status);
  }
  expect(second.map((r) => r.title)).toEqual([]);

  // translation-status on a wiki without Translate (the replay answers as if it were not installed; the
  // local wiki has the real one): a quiet run that skips its report page with a reason (and a note
  // saying the same), which the status page must show once, readably.
  const translationStatus = registeredTasks.find((task) => task.name === 'translation-status') as Task;
  replay.setTranslateInstalled(false);
  const quiet = await runOne(world, translationStatus, new Date(RUN_CLOCK.getTime() + 2 * HOUR_MS));
  expect(quiet.task).toEqual([]);
  expect(quiet.status.map((r) => r.title)).toEqual([world.config.bot.statusPage]);
  const quietReport = await checkRenderedRevisions(quiet.status, { apiUrl, intendedRedLinks, expectations: botPageExpectation });
  console.log(`rendered-output checks (status page after a quiet, skipping run): ${formatRenderCheck(quietReport)}`);
  expect(formatRenderCheck(quietReport)).toBe('1 pages checked, 0 defects');
}, 300_000);
