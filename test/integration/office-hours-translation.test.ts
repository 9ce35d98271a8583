// office-hours on a page marked for translation in the real Translate: a new session reaches the
// Chinese translation page once the bot has marked the source again, and changes no translation unit, so
// translators have nothing to do and nothing is marked outdated. The page is a copy of the seeded
// "Movement communications insights", marked and partly translated (zh) as on Meta.
import fs from 'node:fs';
import { stringify } from 'yaml';
import type { Config } from '../../src/config/schema';
import { runTask, type TaskRunReport } from '../../src/core/run-task';
import type { Runtime } from '../../src/runtime';
import type { WikiClient } from '../../src/wiki/client';
import { officeHoursTask, type OfficeHoursSettings } from '../../tasks/office-hours';
import { connectAs, humanEdit, markForTranslation, openTestRuntime, renderedText, runJobs, tempFile, testConfig, uniquePrefix } from '../support/local-wiki';
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

/** Runs the task once, at NOW, on the sessions given. */
async function runWith(sessions: ReturnType<typeof session>[]): Promise<TaskRunReport> {
  fs.writeFileSync(scheduleFile, stringify({ sessions }));
  const runtime: Runtime = await openTestRuntime({ tasks: [task], config: configFor() });
  try {
    return await runTask(
      { wiki: runtime.wiki, ledger: runtime.ledger, config: runtime.config, log: runtime.log, clock: () => NOW },
      { task, trigger: 'cli', dryRun: false },
    );
  } finally {
    runtime.close();
  }
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
});
