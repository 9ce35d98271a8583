// office-hours against the real local MediaWiki, on copies of the two seeded pages with office-hour
// sections, with the shipped schedule (pointed at the copies) and an on-wiki JSON page of its own.
import fs from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import type { Config } from '../../src/config/schema';
import { findRegion } from '../../src/core/managed-region';
import { runTask } from '../../src/core/run-task';
import { countOutcomes, type TaskRunReport } from '../../src/core/run-loop';
import type { Runtime } from '../../src/runtime';
import type { WikiClient } from '../../src/wiki/client';
import { officeHoursTask } from '../../tasks/office-hours';
import type { OfficeHoursSettings } from '../../tasks/office-hours/settings';
import type { LastGoodSessions } from '../../tasks/shared/office-hour-schedule/merge-schedule';
import { connectAs, humanEdit, openTestRuntime, renderedText, repoRoot, tempFile, testConfig, uniquePrefix } from '../support/local-wiki';
import { copySeedPages, seedText } from '../support/seed-pages';

const task = officeHoursTask;
const NOW = new Date('2026-11-21T09:00:00Z');
const CRS = 'Community Resilience and Sustainability';
const MCI = 'Movement communications insights';

// One good on-wiki entry (a session staff added without a deploy) and one with a time zone that does not exist.
const wikiValid = {
  id: 'wiki-valid',
  page: '',
  start: '2027-02-02T10:00',
  timeZone: 'UTC',
  durationMinutes: 30,
  language: 'fr',
  link: 'https://meet.example.org/wiki-valid',
};
const wikiBadZone = { ...wikiValid, id: 'wiki-bad-zone', timeZone: 'Europe/Atlantis', link: 'https://meet.example.org/wiki-bad-zone' };
const WIKI_VALID_UNIX = Date.UTC(2027, 1, 2, 10, 0) / 1000;

let editor: WikiClient;
let runtime: Runtime & { logLines: string[] };
let prefix: string;
let jsonPage: string;
const t = (seed: string) => `${prefix}${seed}`;

/** The shipped schedule with its pages renamed to this test's copies. */
function copiedSchedule(): string {
  const shipped = parse(fs.readFileSync(path.join(repoRoot, 'config', 'office-hours.yaml'), 'utf8')) as { sessions: { page: string }[] };
  const file = tempFile('office-hours.yaml');
  fs.writeFileSync(file, stringify({ sessions: shipped.sessions.map((s) => ({ ...s, page: t(s.page) })) }));
  return file;
}

function configFor(): Config {
  return testConfig([task], (c) => {
    const shipped = c.tasks[task.name].settings as OfficeHoursSettings;
    const settings: OfficeHoursSettings = {
      ...shipped,
      scheduleFile: copiedSchedule(),
      onWikiPage: jsonPage,
      pages: shipped.pages.map((p) => ({ ...p, title: t(p.title) })),
    };
    return { ...c, tasks: { ...c.tasks, [task.name]: { ...c.tasks[task.name], settings } } };
  });
}

async function run(): Promise<TaskRunReport> {
  return runTask(
    { wiki: runtime.wiki, ledger: runtime.ledger, config: runtime.config, log: runtime.log, clock: () => NOW },
    { task, trigger: 'cli', dryRun: false },
  );
}

async function pages() {
  return editor.readPages([t(CRS), t(MCI)]);
}

function regionBlock(text: string): string {
  const region = findRegion(text, 'office-hours');
  if (region.kind !== 'found') throw new Error(`no office-hours region (${region.kind})`);
  return text.slice(region.blockStart, region.blockEnd);
}

beforeAll(async () => {
  editor = await connectAs('editor');
  prefix = uniquePrefix('office-hours');
  await copySeedPages(editor, prefix, [CRS, MCI]);
  jsonPage = `${prefix}office-hours.json`;
  await editor.write({
    action: 'edit',
    title: jsonPage,
    contentmodel: 'json',
    text: JSON.stringify({ sessions: [{ ...wikiValid, page: t(CRS) }, { ...wikiBadZone, page: t(CRS) }] }, null, 2),
    summary: 'office hours added by staff',
  });
  runtime = await openTestRuntime({ tasks: [task], config: configFor() });
});

afterAll(() => runtime?.close());

describe('office-hours on the local wiki', () => {
  let first: TaskRunReport;
  /** The copies as the wiki holds them (MediaWiki trims the trailing newline of the seed files). */
  let originals: Map<string, string>;

  beforeAll(async () => {
    const before = await pages();
    originals = new Map([...before].map(([title, page]) => [title, page.text ?? '']));
    first = await run();
  });

  it('gives both seeded pages their region and leaves every byte outside it as it was', async () => {
    expect(first.result).toBe('ok');
    expect(first.outcomes.map((o) => [o.title, o.kind, o.status])).toEqual([
      [t(CRS), 'edit', 'edited'],
      [t(MCI), 'edit', 'edited'],
      // The copy of the translatable page was never marked: the bot says so rather than mark it.
      [t(MCI), 'mark-for-translation', 'skipped'],
    ]);
    expect(first.outcomes[2].reason).toContain('never been marked for translation');
    const after = await pages();
    for (const seed of [CRS, MCI]) {
      const page = after.get(t(seed));
      const text = page?.text ?? '';
      expect(page?.lastEditor).toBe('DeptBot');
      // The region was inserted as its own paragraph at the end of the section's text; nothing else moved.
      expect(text.replace(`\n${regionBlock(text)}\n`, '')).toBe(originals.get(t(seed)));
      expect(originals.get(t(seed))).toBe(seedText(seed).trimEnd());
    }
  });

  it('shows the next sessions with a local-time link and the past ones; on the translatable page, rows the wiki renders in the page language', async () => {
    const after = await pages();
    const crs = regionBlock(after.get(t(CRS))?.text ?? '');
    expect(crs).toContain(`[https://zonestamp.toolforge.org/${WIKI_VALID_UNIX} your local time] – [https://meet.example.org/wiki-valid join]`);
    expect(crs).toContain('Saturday, 17 April 2021, 15:00 UTC (90 minutes, in English)');
    const mci = regionBlock(after.get(t(MCI))?.text ?? '');
    // A past session keeps its recording and loses its join and local-time links; it is in no unit.
    const firstSession = mci.split('\n').find((line) => line.includes('2020-12-10')) ?? '';
    expect(firstSession).toBe(
      '| {{#time:Y-m-d (l)|2020-12-10|{{PAGELANGUAGE}}}} || 16:00–17:00 || {{#language:en|{{PAGELANGUAGE}}}} || First office hour on the focus groups and the draft report || [https://commons.wikimedia.org/wiki/File:Movement_communications_insights_office_hour_2020-12-10.webm commons.wikimedia.org]',
    );
    expect(mci).not.toMatch(/<tvar/);
    // What readers see: the wiki rendered the date and the language.
    const rendered = await renderedText(editor, t(MCI));
    expect(rendered).toMatch(/2020-12-10 \(Thursday\)\s+16:00–17:00\s+English/);
  });

  it('skips and reports the invalid on-wiki entry (plan notes, run record, log) while the valid one renders', async () => {
    const after = await pages();
    expect(after.get(t(CRS))?.text).not.toContain('wiki-bad-zone');
    const note = first.notes.find((n) => n.includes('"wiki-bad-zone"'));
    expect(note).toMatch(/entry sessions\[1\] \(id "wiki-bad-zone"\) is invalid \(timeZone: .*\); skipped$/);
    expect(runtime.ledger.recentRuns(1, task.name)[0].details.notes).toContain(note);
    expect(runtime.logLines.some((line) => line.includes('office-hours schedule problem') && line.includes('wiki-bad-zone'))).toBe(true);
    const lastGood = runtime.ledger.taskState<LastGoodSessions>(task.name, 'onwiki-sessions');
    expect(lastGood?.sessions.map((s) => s.id)).toEqual(['wiki-valid']);
  });

  it('records the stale announcements of both pages as signals for talk-reminders', () => {
    const mine = runtime.ledger.openSignals(['stale-office-hours']).filter((s) => s.page.startsWith(prefix));
    expect(mine.map((s) => [s.key, s.page, s.data.date, s.data.section])).toEqual([
      [`stale-office-hours:${t(CRS)}:2021-04-17`, t(CRS), '2021-04-17', 'Office hours'],
      [`stale-office-hours:${t(MCI)}:2020-12-10`, t(MCI), '2020-12-10', 'Office hours'],
    ]);
    expect(mine[0].data.sentence).toBe('The next office hour has been somewhat delayed; it will take place on April 17, 2021!');
    expect(mine[1].data.sentence).toMatch(/^The first office hour will be held in English at the following time/);
  });

  it('makes zero edits on a second run', async () => {
    const before = await pages();
    const second = await run();
    const after = await pages();
    expect(countOutcomes(second.outcomes).edits).toBe(0);
    expect(second.outcomes.map((o) => o.status)).toEqual(['unchanged', 'unchanged']);
    for (const title of [t(CRS), t(MCI)]) expect(after.get(title)?.revId).toBe(before.get(title)?.revId);
  });

  it('keeps using the last good on-wiki data when the JSON page stops making sense', async () => {
    await humanEdit(editor, jsonPage, JSON.stringify({ note: 'sessions moved elsewhere' }), 'breaking the schedule');
    const before = await pages();
    const report = await run();
    const after = await pages();
    expect(report.notes).toContainEqual(expect.stringMatching(/cannot be used: expected an object with a "sessions" list.*; using the last good on-wiki sessions/));
    expect(after.get(t(CRS))?.revId).toBe(before.get(t(CRS))?.revId);
    expect(after.get(t(CRS))?.text).toContain(`https://zonestamp.toolforge.org/${WIKI_VALID_UNIX}`);
  });
});
