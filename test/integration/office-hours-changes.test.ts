// Cancelled and moved office hours on the real local wiki: the staff's on-wiki JSON page cancels two
// occurrences of a monthly session and moves one to Thursday. office-hours lists them as such (the
// page as readers see it, through action=parse), reports the one entry it cannot apply with the
// page's line, and talk-reminders reminds of the moved session once: moving it again posts nothing
// more, and the cancelled one gets no reminder.
import fs from 'node:fs';
import type { Config } from '../../src/config/schema';
import { runTask } from '../../src/core/run-task';
import type { TaskRunReport } from '../../src/core/run-loop';
import type { Task } from '../../src/core/task';
import type { Runtime } from '../../src/runtime';
import type { WikiClient } from '../../src/wiki/client';
import { officeHoursTask } from '../../tasks/office-hours';
import type { OfficeHoursSettings } from '../../tasks/office-hours/settings';
import { talkRemindersTask } from '../../tasks/talk-reminders';
import { connectAs, currentRevId, humanEdit, openTestRuntime, pageText, readCredentials, tempFile, testConfig, uniquePrefix } from '../support/local-wiki';

let editor: WikiClient;
let prefix: string;
let department: string;
let talk: string;
let jsonPage: string;
let emptyScheduleFile: string;

/** First Tuesday monthly at 16:00 London: 15:00 UTC in summer time, 16:00 UTC in winter. */
function schedule(moveDecemberTo: string): string {
  const session = {
    id: 'dept-monthly',
    page: department,
    start: '2026-09-01T16:00',
    timeZone: 'Europe/London',
    durationMinutes: 60,
    language: 'en',
    link: 'https://meet.example.org/dept-monthly',
    rrule: 'FREQ=MONTHLY;BYDAY=1TU',
    exdate: ['2026-10-06', '2027-01-05'],
    overrides: [
      { occurrence: '2026-12-01', start: moveDecemberTo },
      { occurrence: '2026-11-03', recording: 'https://commons.wikimedia.org/wiki/File:Dept_November.webm' },
      { occurrence: '2026-12-08', notes: 'Not a Tuesday of this series' },
    ],
  };
  return JSON.stringify({ sessions: [session] }, null, 2);
}

function configFor(task: Task, settings: unknown): Config {
  return testConfig([task], (c) => ({ ...c, tasks: { ...c.tasks, [task.name]: { ...c.tasks[task.name], settings } } }));
}

async function run(runtime: Runtime, task: Task, at: Date): Promise<TaskRunReport> {
  return runTask({ wiki: runtime.wiki, ledger: runtime.ledger, config: runtime.config, log: runtime.log, clock: () => at }, { task, trigger: 'cli', dryRun: false });
}

/** The page as readers see it: MediaWiki's own rendering, one list item per line of text. */
async function renderedItems(title: string): Promise<string[]> {
  const url = `${readCredentials().apiUrl}?action=parse&format=json&formatversion=2&prop=text&page=${encodeURIComponent(title)}`;
  const answer = (await (await fetch(url)).json()) as { parse: { text: string } };
  const html = answer.parse.text;
  return [...html.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1].replace(/\s+/g, ' ').trim());
}

const text = (item: string) => item.replace(/<[^>]*>/g, '');

beforeAll(async () => {
  editor = await connectAs('editor');
  prefix = uniquePrefix('office-hours changes');
  department = `${prefix}Department`;
  talk = `Talk:${department}`;
  jsonPage = `${prefix}office-hours.json`;
  await humanEdit(editor, department, 'About the department.\n\n== Office hours ==\nCome and talk to us.\n\n== Contact ==\nBy mail.');
  await humanEdit(editor, talk, '== Welcome ==\nQuestions go here. ~~~~');
  await editor.write({ action: 'edit', title: jsonPage, contentmodel: 'json', text: schedule('2026-12-03T17:30'), summary: 'monthly session' });
  emptyScheduleFile = tempFile('office-hours.yaml');
  fs.writeFileSync(emptyScheduleFile, 'sessions: []\n');
});

describe('cancelled and moved office hours on the local wiki', () => {
  it('lists the moved session as moved and the cancelled ones as cancelled, and names the bad entry with its line', async () => {
    const settings: OfficeHoursSettings = officeHoursTask.settingsSchema.parse({ scheduleFile: emptyScheduleFile, onWikiPage: jsonPage });
    const runtime = await openTestRuntime({ tasks: [officeHoursTask], config: configFor(officeHoursTask, settings) });
    try {
      const report = await run(runtime, officeHoursTask, new Date('2026-11-21T09:00:00Z'));
      expect(report.result).toBe('ok');
      expect(report.outcomes.map((o) => [o.title, o.status])).toEqual([[department, 'edited']]);
      // The entry's line: the one that opens it, just above its "occurrence".
      const json = ((await pageText(editor, jsonPage)) ?? '').split('\n');
      const line = json.findIndex((l) => l.includes('"2026-12-08"'));
      expect(json[line - 1]?.trim()).toBe('{');
      expect(report.notes).toContain(
        `${jsonPage}:${line}: entry sessions[0] (id "dept-monthly"): overrides[2]: "2026-12-08" is not an occurrence of this session; skipped, the rest of the session is used`,
      );

      const items = await renderedItems(department);
      expect(items.map(text)).toEqual([
        'Thursday, 3 December 2026, 17:30 UTC (60 minutes, in English) – moved from Tuesday, 1 December 2026, 16:00 UTC – your local time – join',
        'Tuesday, 5 January 2027, 16:00 UTC (60 minutes, in English) – cancelled',
        'Tuesday, 2 February 2027, 16:00 UTC (60 minutes, in English) – your local time – join',
        // Three held sessions are shown (upcomingShown); the cancelled one among them takes no place.
        'Tuesday, 2 March 2027, 16:00 UTC (60 minutes, in English) – your local time – join',
        'Tuesday, 3 November 2026, 16:00 UTC (60 minutes, in English) – recording',
        'Tuesday, 6 October 2026, 15:00 UTC (60 minutes, in English) – cancelled',
        'Tuesday, 1 September 2026, 15:00 UTC (60 minutes, in English)',
      ]);
      // Nothing to follow on a cancelled line; the moved one links its new time and the meeting.
      expect(items[1]).not.toContain('<a ');
      expect(items[5]).not.toContain('<a ');
      expect(items[0]).toContain(`href="https://zonestamp.toolforge.org/${Date.UTC(2026, 11, 3, 17, 30) / 1000}"`);
      expect(items[4]).toContain('href="https://commons.wikimedia.org/wiki/File:Dept_November.webm"');

      const second = await run(runtime, officeHoursTask, new Date('2026-11-21T10:00:00Z'));
      expect(second.outcomes.map((o) => o.status)).toEqual(['unchanged']);
    } finally {
      runtime.close();
    }
  });

  it('reminds of the moved session once, even when it moves again, and never of a cancelled one', async () => {
    // No cap on posts per talk page: only the reminder's key may keep a second one off the page.
    const settings = talkRemindersTask.settingsSchema.parse({
      frequency: { posts: 10, days: 7 },
      officeHours: { scheduleFile: emptyScheduleFile, onWikiPage: jsonPage, daysBefore: 3 },
    });
    const runtime = await openTestRuntime({ tasks: [talkRemindersTask], config: configFor(talkRemindersTask, settings) });
    const markers = async () => [...((await pageText(editor, talk)) ?? '').matchAll(/<!-- deptbot:(reminder:[^>]*?) -->/g)].map((m) => m[1]);
    try {
      const first = await run(runtime, talkRemindersTask, new Date('2026-12-01T12:00:00Z'));
      expect(first.outcomes.map((o) => [o.title, o.status])).toEqual([[talk, 'posted']]);
      expect(await markers()).toEqual(['reminder:office-hour:dept-monthly@2026-12-01T16:00:00Z']);
      const posted = (await pageText(editor, talk)) ?? '';
      expect(posted).toContain("takes place on '''Thursday, 3 December 2026, 17:30 UTC''' (60 minutes, in {{#language:en|en}}). It was moved from Tuesday, 1 December 2026, 16:00 UTC.");

      // Staff move it once more, to Friday morning: the same occurrence, so no second reminder.
      await humanEdit(editor, jsonPage, schedule('2026-12-04T10:00'), 'moved again');
      const revision = await currentRevId(editor, talk);
      const again = await run(runtime, talkRemindersTask, new Date('2026-12-02T12:00:00Z'));
      expect(again.outcomes.filter((o) => o.status === 'posted')).toEqual([]);
      expect(await currentRevId(editor, talk)).toBe(revision);

      // 5 January is cancelled: three days before it, there is nothing to remind of.
      const cancelled = await run(runtime, talkRemindersTask, new Date('2027-01-03T12:00:00Z'));
      expect(cancelled.outcomes).toEqual([]);
      expect(await markers()).toEqual(['reminder:office-hour:dept-monthly@2026-12-01T16:00:00Z']);
    } finally {
      runtime.close();
    }
  });
});
