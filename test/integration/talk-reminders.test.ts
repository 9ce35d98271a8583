// talk-reminders against the real local MediaWiki: copies of the seeded talk pages under a prefix of
// the test's own, signals seeded in a private ledger, an office-hours schedule in a temporary file.
import fs from 'node:fs';
import type { Config } from '../../src/config/schema';
import { runTask } from '../../src/core/run-task';
import type { TaskRunReport } from '../../src/core/run-loop';
import type { Ledger } from '../../src/ledger/ledger';
import type { SignalInput } from '../../src/ledger/records';
import type { Runtime } from '../../src/runtime';
import type { WikiClient } from '../../src/wiki/client';
import { talkRemindersTask } from '../../tasks/talk-reminders';
import { connectAs, currentRevId, humanEdit, openTestRuntime, pageText, tempFile, testConfig, uniquePrefix } from '../support/local-wiki';
import { copySeedPages, seedText } from '../support/seed-pages';

const tasks = [talkRemindersTask];
const DAY_MS = 24 * 60 * 60 * 1000;
const ORDINARY = 'Talk:Community Resilience and Sustainability';
const NOBOTS = 'Talk:Movement communications insights';
const DENY = 'Talk:Community Engagement';

let editor: WikiClient;
let admin: WikiClient;

beforeAll(async () => {
  editor = await connectAs('editor');
  admin = await connectAs('admin');
});

/** "YYYY-MM-DDTHH:mm" in UTC, as the schedule file wants a session's local start. */
function localStart(date: Date): string {
  return date.toISOString().slice(0, 16);
}

function scheduleFile(sessions: Array<{ id: string; page: string; start: Date }>): string {
  const file = tempFile('office-hours.yaml');
  const entries = sessions.map((s) =>
    [
      `  - id: ${s.id}`,
      `    page: "${s.page}"`,
      `    start: "${localStart(s.start)}"`,
      '    timeZone: UTC',
      '    durationMinutes: 60',
      '    language: en',
      `    link: https://meet.example.org/${s.id}`,
    ].join('\n'),
  );
  fs.writeFileSync(file, `sessions:\n${entries.join('\n')}\n`);
  return file;
}

function configFor(settings: Record<string, unknown>): Config {
  return testConfig(tasks, (c) => ({
    ...c,
    tasks: {
      ...c.tasks,
      'talk-reminders': { ...c.tasks['talk-reminders'], settings: talkRemindersTask.settingsSchema.parse(settings) },
    },
  }));
}

function seedSignals(ledger: Ledger, sourceTask: string, at: Date, signals: SignalInput[]): void {
  const runId = ledger.startRun(sourceTask, 'cli', false, at);
  ledger.recordAll(runId, sourceTask, at, signals.map((signal) => ({ kind: 'signal' as const, signal })));
}

async function run(runtime: Runtime, at: Date, dryRun = false): Promise<TaskRunReport> {
  return runTask(
    { wiki: runtime.wiki, ledger: runtime.ledger, config: runtime.config, log: runtime.log, clock: () => at },
    { task: talkRemindersTask, trigger: 'cli', dryRun },
  );
}

/** A copy of the ordinary seeded talk page under a prefix of its own. */
async function copyOrdinary(name: string): Promise<string> {
  return (await copySeedPages(editor, uniquePrefix(name), [ORDINARY])).get(ORDINARY) as string;
}

function markers(text: string | null): string[] {
  return [...(text ?? '').matchAll(/<!-- deptbot:(reminder:[^>]*?) -->/g)].map((m) => m[1]);
}

const statusOf = (report: TaskRunReport, title: string) =>
  report.outcomes.filter((o) => o.title === title).map((o) => o.status);

/** The signals of every kind for one subject page, as the other tasks record them. */
function signalsFor(page: string): { banner: SignalInput[]; translation: SignalInput[]; officeHours: SignalInput[] } {
  return {
    banner: [
      {
        type: 'banner-removed',
        page,
        key: `banner-removed:${page}:101`,
        data: { template: 'Historical', addedInRevision: 101, removedInRevision: 102, removedBy: 'Editor1' },
      },
    ],
    translation: [
      { type: 'translation-below-threshold', page, key: `translation-below:${page}:zh:50`, data: { language: 'zh', percent: 4, threshold: 50 } },
      {
        type: 'translation-fell-below',
        page,
        key: `translation-fell:${page}:de:90:2026-01-01`,
        data: { language: 'de', percent: 80, previousPercent: 95, threshold: 90 },
      },
      { type: 'translation-outdated', page, key: `translation-outdated:${page}:zh:5`, data: { language: 'zh', outdated: 5, threshold: 3 } },
    ],
    officeHours: [
      {
        type: 'stale-office-hours',
        page,
        key: `stale-office-hours:${page}:2021-04-17`,
        data: { sentence: 'The next office hour has been somewhat delayed; it will take place on April 17, 2021!', date: '2021-04-17', section: 'Office hours' },
      },
    ],
  };
}

describe('talk-reminders on the local wiki', () => {
  it('posts each due reminder once on the ordinary talk page, none on the excluded ones, and nothing on a second run', async () => {
    const prefix = uniquePrefix('talk-reminders');
    const copies = await copySeedPages(editor, prefix, [ORDINARY, NOBOTS, DENY]);
    const [ordinary, nobots, deny] = [ORDINARY, NOBOTS, DENY].map((t) => copies.get(t) as string);
    const subject = (talk: string) => talk.replace(/^Talk:/, '');
    const now = new Date();
    const schedule = scheduleFile([
      { id: 'ordinary-soon', page: subject(ordinary), start: new Date(now.getTime() + 2 * DAY_MS) },
      { id: 'nobots-soon', page: subject(nobots), start: new Date(now.getTime() + 2 * DAY_MS) },
      { id: 'ordinary-later', page: subject(ordinary), start: new Date(now.getTime() + 10 * DAY_MS) },
    ]);
    const runtime = await openTestRuntime({
      tasks,
      config: configFor({ frequency: { posts: 10, days: 7 }, officeHours: { scheduleFile: schedule, onWikiPage: null } }),
    });
    const before = { nobots: await currentRevId(editor, nobots), deny: await currentRevId(editor, deny) };
    try {
      const ordinarySignals = signalsFor(subject(ordinary));
      seedSignals(runtime.ledger, 'historical-banner', now, [...ordinarySignals.banner, ...signalsFor(subject(deny)).banner]);
      seedSignals(runtime.ledger, 'translation-status', now, [...ordinarySignals.translation, ...signalsFor(subject(nobots)).translation]);
      seedSignals(runtime.ledger, 'office-hours', now, ordinarySignals.officeHours);

      const first = await run(runtime, now);
      expect(first.result).toBe('ok');
      expect(statusOf(first, ordinary)).toEqual(Array(6).fill('posted'));
      expect(statusOf(first, nobots)).toEqual(Array(4).fill('skipped'));
      expect(first.outcomes.filter((o) => o.title === nobots).every((o) => o.reason?.endsWith(': {{nobots}} excludes all bots'))).toBe(true);
      expect(first.outcomes.filter((o) => o.title === deny).map((o) => o.reason)).toEqual([
        'the Historical notice was removed: {{bots|deny=DeptBot}} excludes DeptBot',
      ]);

      const text = await pageText(editor, ordinary);
      expect(markers(text).sort()).toEqual(
        [
          `reminder:banner-removed:${subject(ordinary)}:101`,
          `reminder:translation-below:${subject(ordinary)}:zh:50`,
          `reminder:translation-fell:${subject(ordinary)}:de:90:2026-01-01`,
          `reminder:translation-outdated:${subject(ordinary)}:zh:5`,
          `reminder:stale-office-hours:${subject(ordinary)}:2021-04-17`,
          `reminder:office-hour:ordinary-soon@${localStart(new Date(now.getTime() + 2 * DAY_MS))}:00Z`,
        ].sort(),
      );
      expect(text?.startsWith(seedText(ORDINARY).trimEnd())).toBe(true);
      expect(await currentRevId(editor, nobots)).toBe(before.nobots);
      expect(await currentRevId(editor, deny)).toBe(before.deny);

      // Signed (the signature and a date) and never minor, as the revisions say.
      const section = text?.slice(text.indexOf('== Office hour on')) ?? '';
      expect(section).toMatch(
        /<!-- deptbot:reminder:office-hour:ordinary-soon@[^>]* -->\[\[User:DeptBot\|DeptBot\]\] \(\[\[User talk:DeptBot\|talk\]\]\) \d\d:\d\d, \d{1,2} \w+ \d{4} \(UTC\)/,
      );
      const history = await editor.query({ prop: 'revisions', titles: ordinary, rvprop: 'flags|user|comment', rvlimit: 6 });
      const revisions: Array<{ user: string; minor?: boolean; comment: string }> = history.query.pages[0].revisions;
      expect(revisions.map((r) => [r.user, r.minor ?? false])).toEqual(Array(6).fill(['DeptBot', false]));
      expect(revisions.every((r) => r.comment.endsWith('([[User:DeptBot/Tasks#talk-reminders|deptbot talk-reminders]])'))).toBe(true);
      expect(runtime.ledger.openSignals().map((s) => s.page).sort()).toEqual([subject(deny), ...Array(3).fill(subject(nobots))].sort());

      const revAfterFirst = await currentRevId(editor, ordinary);
      const second = await run(runtime, new Date(now.getTime() + 60_000));
      expect(second.outcomes.filter((o) => o.status !== 'skipped' || o.title === ordinary)).toEqual([]);
      expect(await currentRevId(editor, ordinary)).toBe(revAfterFirst);
    } finally {
      runtime.close();
    }
  });

  it('finds its marker when the ledger forgot a reminder, on the page and, once archived, in its own revisions', async () => {
    const ordinary = await copyOrdinary('talk-reminders forgot');
    const now = new Date();
    const start = new Date(now.getTime() + DAY_MS);
    const schedule = scheduleFile([{ id: 'forgotten', page: ordinary.replace(/^Talk:/, ''), start }]);
    const runtime = await openTestRuntime({ tasks, config: configFor({ officeHours: { scheduleFile: schedule, onWikiPage: null } }) });
    const key = `reminder:office-hour:forgotten@${localStart(start)}:00Z`;
    try {
      expect(statusOf(await run(runtime, now), ordinary)).toEqual(['posted']);
      const posted = await currentRevId(editor, ordinary);
      expect(runtime.ledger.reminder(key)?.revId).toBe(posted);

      runtime.ledger.forgetReminder(key);
      const onPage = await run(runtime, now);
      expect(onPage.outcomes.map((o) => [o.status, o.reason])).toEqual([
        ['unchanged', expect.stringContaining(`already posted: its marker is on "${ordinary}"`)],
      ]);
      expect(await currentRevId(editor, ordinary)).toBe(posted);
      // The applied run wrote the post found on the page back to the ledger.
      expect(runtime.ledger.reminder(key)).toEqual(expect.objectContaining({ talkPage: ordinary, revId: posted }));

      // The ledger forgets it again and a person archives the section: the page no longer shows
      // the marker, the bot's revision does.
      runtime.ledger.forgetReminder(key);
      await humanEdit(editor, ordinary, seedText(ORDINARY), 'archiving');
      const archived = await currentRevId(editor, ordinary);
      const afterArchive = await run(runtime, now);
      expect(afterArchive.outcomes.map((o) => [o.status, o.reason])).toEqual([
        ['unchanged', `already posted in revision ${posted} (its marker is in the page history)`],
      ]);
      expect(await currentRevId(editor, ordinary)).toBe(archived);
    } finally {
      runtime.close();
    }
  });

  it('holds a second reminder back under the frequency cap and delivers it once the clock has moved on', async () => {
    const ordinary = await copyOrdinary('talk-reminders cap');
    const page = ordinary.replace(/^Talk:/, '');
    const now = new Date();
    const runtime = await openTestRuntime({ tasks, config: configFor({ officeHours: { enabled: false } }) });
    try {
      const { banner, officeHours } = signalsFor(page);
      seedSignals(runtime.ledger, 'historical-banner', now, banner);
      seedSignals(runtime.ledger, 'office-hours', new Date(now.getTime() + 1000), officeHours);

      const first = await run(runtime, now);
      expect(first.outcomes.map((o) => o.status)).toEqual(['posted', 'skipped']);
      expect(first.outcomes[1].reason).toMatch(/held back by the frequency cap \(1 per 7 days on ".*"\): due again from /);
      expect(first.notes).toContain(
        '1 reminder(s) held back (1 by the frequency cap per talk page, 0 by the cap per run); they stay due and go out on a later run',
      );
      expect(markers(await pageText(editor, ordinary))).toEqual([`reminder:${banner[0].key}`]);

      const nextDay = await run(runtime, new Date(now.getTime() + DAY_MS));
      expect(nextDay.outcomes.map((o) => o.status)).toEqual(['skipped']);

      const nextWeek = await run(runtime, new Date(now.getTime() + 8 * DAY_MS));
      expect(nextWeek.outcomes.map((o) => o.status)).toEqual(['posted']);
      expect(markers(await pageText(editor, ordinary))).toEqual([`reminder:${banner[0].key}`, `reminder:${officeHours[0].key}`]);
      expect(runtime.ledger.openSignals()).toEqual([]);
    } finally {
      runtime.close();
    }
  });

  it('follows a redirected talk page, creates a missing one, and reports opted-out and protected ones', async () => {
    const prefix = uniquePrefix('talk-reminders pages');
    const [optedOut, target, redirect, protectedTalk, missing] = ['Opted out', 'New name', 'Old name', 'Protected', 'No talk yet'].map(
      (name) => `Talk:${prefix}${name}`,
    );
    await humanEdit(editor, optedOut, `${seedText(ORDINARY)}\n[[Category:Opted-out of message delivery]]\n`);
    await humanEdit(editor, target, seedText(ORDINARY));
    await humanEdit(editor, redirect, `#REDIRECT [[${target}]]`);
    await humanEdit(editor, protectedTalk, seedText(ORDINARY));
    await admin.write({ action: 'protect', title: protectedTalk, protections: 'edit=sysop', reason: 'test' });
    const revisions = Object.fromEntries(await Promise.all([optedOut, redirect, protectedTalk].map(async (t) => [t, await currentRevId(editor, t)])));
    const now = new Date();
    const runtime = await openTestRuntime({ tasks, config: configFor({ officeHours: { enabled: false } }) });
    try {
      const subjects = [optedOut, redirect, protectedTalk, missing].map((t) => t.replace(/^Talk:/, ''));
      seedSignals(runtime.ledger, 'historical-banner', now, subjects.flatMap((s) => signalsFor(s).banner));
      const report = await run(runtime, now);
      const byTitle = Object.fromEntries(report.outcomes.map((o) => [o.title, [o.status, o.reason]]));
      expect(byTitle).toEqual({
        [optedOut]: ['skipped', `the Historical notice was removed: "${optedOut}" is in Category:Opted-out of message delivery`],
        [protectedTalk]: [
          'skipped',
          `the Historical notice was removed: "${protectedTalk}" is protected (edit=sysop, expires infinity) and the bot may not edit it`,
        ],
        [target]: ['posted', undefined],
        [missing]: ['posted', undefined],
      });
      expect(report.notes).toContain(
        `"${protectedTalk}" is protected: 1 reminder(s) cannot be posted there until an administrator lifts the protection or posts them`,
      );
      for (const [title, revId] of Object.entries(revisions)) expect(await currentRevId(editor, title)).toBe(revId);
      expect(markers(await pageText(editor, target))).toEqual([`reminder:banner-removed:${subjects[1]}:101`]);
      const created = await pageText(editor, missing);
      expect(created).toMatch(/^== Historical notice removed ==\n/);
      expect(markers(created)).toEqual([`reminder:banner-removed:${subjects[3]}:101`]);
    } finally {
      runtime.close();
    }
  });
});
