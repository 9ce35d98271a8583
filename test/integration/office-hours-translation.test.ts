// office-hours on a page marked for translation in the real Translate: a new session reaches the
// Chinese translation page once the bot has marked the source again, and changes no translation unit, so
// translators have nothing to do and nothing is marked outdated. The page is a copy of the seeded
// "Movement communications insights", marked and partly translated (zh) as on Meta.
import fs from 'node:fs';
import { stringify } from 'yaml';
import type { Config } from '../../src/config/schema';
import { runTask } from '../../src/core/run-task';
import type { TaskRunReport } from '../../src/core/run-loop';
import type { Runtime } from '../../src/runtime';
import type { WikiClient } from '../../src/wiki/client';
import { officeHoursTask } from '../../tasks/office-hours';
import type { OfficeHoursSettings } from '../../tasks/office-hours/settings';
import { collectTaskStatuses } from '../../src/status/task-status';
import { renderStatusBody } from '../../src/status/render-status-page';
import { connectAs, currentRevId, humanEdit, markForTranslation, openTestRuntime, pageText, renderedText, runJobs, setUserGroup, tempFile, testConfig, uniquePrefix } from '../support/local-wiki';
import { seedText } from '../support/seed-pages';

const task = officeHoursTask;
const NOW = new Date('2026-11-21T09:00:00Z');

let admin: WikiClient;
let editor: WikiClient;
let page: string;
const scheduleFile = tempFile('office-hours.yaml');

const session = (id: string, start: string, language: string) => ({
  id,
  page,
  start,
  timeZone: 'UTC',
  durationMinutes: 60,
  language,
  link: `https://meet.example.org/${id}`,
});

function configFor(): Config {
  return testConfig([task], (c) => {
    const shipped = c.tasks[task.name].settings as OfficeHoursSettings;
    const settings: OfficeHoursSettings = { ...shipped, scheduleFile, onWikiPage: null, pages: [{ title: page, manage: 'region' }] };
    return { ...c, tasks: { ...c.tasks, [task.name]: { ...c.tasks[task.name], settings } } };
  });
}

/** Runs the task once, at NOW, on the sessions given; `statusPage` receives the status page the run leads to. */
async function runWith(
  sessions: ReturnType<typeof session>[],
  options: { dryRun?: boolean; statusPage?: (body: string) => void } = {},
): Promise<TaskRunReport> {
  fs.writeFileSync(scheduleFile, stringify({ sessions }));
  const runtime: Runtime = await openTestRuntime({ tasks: [task], config: configFor() });
  try {
    const report = await runTask(
      { wiki: runtime.wiki, ledger: runtime.ledger, config: runtime.config, log: runtime.log, clock: () => NOW },
      { task, trigger: 'cli', dryRun: options.dryRun ?? false },
    );
    const statuses = collectTaskStatuses(runtime.ledger, [task], runtime.config, () => null);
    options.statusPage?.(renderStatusBody(statuses, { docsPage: runtime.config.bot.docsPage }));
    return report;
  } finally {
    runtime.close();
  }
}

/** Revisions marked for translation so far, newest first (Special:Log/pagetranslation). */
async function markings(): Promise<number[]> {
  const response = await editor.query({ list: 'logevents', letype: 'pagetranslation', letitle: page, leprop: 'type|details', lelimit: 50 });
  return response.query.logevents.filter((e: { action: string }) => e.action === 'mark').map((e: { params: { revision: number } }) => e.params.revision);
}

/** The page's translation units as Translate holds them: id → source text. */
async function units(): Promise<Record<string, string>> {
  const response = await editor.query({ list: 'messagecollection', mcgroup: `page-${page}`, mclanguage: 'en', mcprop: 'definition', mclimit: 500 });
  return Object.fromEntries(response.query.messagecollection.map((m: { key: string; definition: string }) => [m.key, m.definition]));
}

async function zhStats(): Promise<{ total: number; translated: number; fuzzy: number }> {
  const response = await editor.query({ meta: 'messagegroupstats', mgsgroup: `page-${page}`, mgssuppressempty: 1 });
  return response.query.messagegroupstats.find((row: { code: string }) => row.code === 'zh');
}

beforeAll(async () => {
  admin = await connectAs('admin');
  editor = await connectAs('editor');
  page = `${uniquePrefix('office-hours-translation')}Movement communications insights`;
  await humanEdit(admin, page, seedText('Movement communications insights'), 'copy of the seeded page');
  await markForTranslation(admin, page);
  await humanEdit(editor, `Translations:${page}/3/zh`, '因此,維基媒體基金會希望從社群中收集見解。', 'translation');
  runJobs();
});

describe('office-hours on a translatable page with the real Translate', () => {
  it('shows the sessions on the zh page in Chinese after marking, and a new session changes no unit', async () => {
    // The bot marks the page itself: its edit is the only change since the last marking.
    const first = await runWith([session('oh-1', '2026-12-16T16:00', 'es')]);
    expect(first.outcomes.map((o) => [o.kind, o.status])).toEqual([
      ['edit', 'edited'],
      ['mark-for-translation', 'marked'],
    ]);
    runJobs();
    const unitsBefore = await units();
    const statsBefore = await zhStats();
    const zhBefore = await renderedText(editor, `${page}/zh`);
    expect(zhBefore).toMatch(/2026-12-16 \(星期三\)\s+16:00–17:00\s+西班牙语/);
    expect(zhBefore).not.toContain('2027-01-13');

    const second = await runWith([session('oh-1', '2026-12-16T16:00', 'es'), session('oh-2', '2027-01-13T09:00', 'ru')]);
    expect(second.outcomes.map((o) => o.status)).toEqual(['edited', 'marked']);
    runJobs();

    expect(await units()).toEqual(unitsBefore);
    expect(await zhStats()).toEqual(statsBefore);
    expect(statsBefore).toEqual(expect.objectContaining({ translated: 1, fuzzy: 0 }));
    const zhAfter = await renderedText(editor, `${page}/zh`);
    expect(zhAfter).toMatch(/2026-12-16 \(星期三\)\s+16:00–17:00\s+西班牙语/);
    expect(zhAfter).toMatch(/2027-01-13 \(星期三\)\s+09:00–10:00\s+俄语/);
    expect(await renderedText(editor, page)).toMatch(/2027-01-13 \(Wednesday\)\s+09:00–10:00\s+Russian/);
  });

  it('in dry-run shows the marking it would do and marks nothing', async () => {
    const before = await markings();
    const report = await runWith([session('oh-1', '2026-12-16T16:00', 'es'), session('oh-3', '2027-02-10T09:00', 'en')], { dryRun: true });
    expect(report.outcomes.map((o) => [o.kind, o.status, o.reason])).toEqual([
      ['edit', 'planned', undefined],
      ['mark-for-translation', 'planned', "would mark the saved revision for translation, if the bot's change is the only one since the last marked revision then"],
    ]);
    expect(await markings()).toEqual(before);
  });

  it("does not publish someone else's pending change: nothing is marked and the status page links the change", async () => {
    const before = await markings();
    const text = (await pageText(editor, page)) ?? '';
    await humanEdit(editor, page, `${text}\n[[Category:Office hours]]`, 'an editor adds a category');
    let statusPage = '';
    const report = await runWith([session('oh-1', '2026-12-16T16:00', 'es'), session('oh-3', '2027-02-10T09:00', 'en')], { statusPage: (body) => (statusPage = body) });
    const saved = await currentRevId(editor, page);
    expect(report.outcomes.map((o) => [o.kind, o.status])).toEqual([
      ['edit', 'edited'],
      ['mark-for-translation', 'skipped'],
    ]);
    const reason = report.outcomes[1].reason ?? '';
    expect(reason).toContain(`changes by Editor1 since the last marked revision ${before[0]}`);
    expect(reason).toContain(`index.php?diff=${saved}&oldid=${before[0]}`);
    expect(await markings()).toEqual(before);
    expect(statusPage).toContain(`[[:${page}]]`);
    expect(statusPage).toContain(`diff=${saved}`);
    // A translation administrator reviews and marks it; the bot's next change is its own again.
    await markForTranslation(admin, page);
  });

  it('without the pagetranslation right marks nothing and says why', async () => {
    const before = await markings();
    setUserGroup('DeptBot', 'translationadmin', false);
    try {
      let statusPage = '';
      const report = await runWith([session('oh-1', '2026-12-16T16:00', 'es'), session('oh-4', '2027-03-10T09:00', 'fr')], { statusPage: (body) => (statusPage = body) });
      expect(report.outcomes.map((o) => [o.kind, o.status])).toEqual([
        ['edit', 'edited'],
        ['mark-for-translation', 'skipped'],
      ]);
      expect(report.outcomes[1].reason).toContain('the bot account lacks the pagetranslation right');
      expect(statusPage).toContain('the bot account lacks the pagetranslation right');
      expect(await markings()).toEqual(before);
    } finally {
      setUserGroup('DeptBot', 'translationadmin', true);
    }
  });
});
