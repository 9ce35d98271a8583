// What the reliability suites run: for each task, the pages it needs (copies of the seeded pages
// under a test's own prefix), its settings for those copies and the ledger it starts from.
// Every registered task must have a scenario here; the suites fail for one that has none.
import fs from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import type { Task } from '../../src/core/task';
import type { Ledger } from '../../src/ledger/ledger';
import type { SignalInput } from '../../src/ledger/records';
import { registeredTasks } from '../../tasks';
import { appendTask } from '../support/append-task';
import { repoRoot, tempFile } from '../support/local-wiki';
import { prefixedTitle } from '../support/seed-pages';
import { RECORDED_GROUP } from '../support/translate-replay';

/** The clock of every run: tasks that render dates (office hours, reminders) then write the same text in every copy. */
export const RUN_CLOCK = new Date('2026-11-21T09:00:00Z');

/** The suites' runs plan in parts of two pages (Task.plan), so faults and kills land between parts too. */
export const RUN_PAGES_PER_PART = 2;

/** A page a person creates before the run, besides the seed copies (e.g. an on-wiki JSON schedule). */
export interface SetupPage {
  title: string;
  text: string;
  contentModel?: 'json';
}

export interface Scenario {
  /** Seed pages (test/wiki/seed/pages) copied under the prefix. */
  seedPages: readonly string[];
  setupPages?(prefix: string): SetupPage[];
  /** The task's settings for the copies under `prefix`; the task's own schema fills in the rest. */
  settings(prefix: string): Record<string, unknown>;
  /** Pages the run may create, besides the copies. */
  createdPages?(prefix: string): string[];
  /** What the ledger holds before the run (signals that other tasks recorded). */
  prepareLedger?(ledger: Ledger, prefix: string): void;
  /** Reads Translate's API, which the local wiki lacks: the run goes through the Translate replay. */
  usesTranslate?: boolean;
}

const CE = 'Community Engagement';
const CD = 'Community Development';
const CRS = 'Community Resilience and Sustainability';
const MCI = 'Movement communications insights';
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Pages people made for the copy beyond the seed pages, so that a run writes many pages and the
 * faults of writes fire often (see faults.test.ts): `count` items made by `item(n)`, n from 1.
 */
function numbered<T>(count: number, item: (n: number) => T): T[] {
  return Array.from({ length: count }, (_, i) => item(i + 1));
}

const APPEND_PAGES = 10;
const APPEND_TALK_SECTIONS = 8;
const BANNER_TEAM_PAGES = 12;
const REMINDER_TALK_PAGES = 10;

const appendPage = (prefix: string, n: number) => `${prefix}Append page ${n}`;
const teamPage = (prefix: string, n: number) => `${prefix}${CE}/Team ${n}`;
const reminderDepartment = (prefix: string, n: number) => `${prefix}Department ${n}`;

/** config/office-hours.yaml with its sessions moved to the copies, plus `extra` sessions. */
function scheduleFile(prefix: string, extra: Array<Record<string, unknown>> = []): string {
  const shipped = parse(fs.readFileSync(path.join(repoRoot, 'config', 'office-hours.yaml'), 'utf8')) as {
    sessions: Array<{ page: string }>;
  };
  const file = tempFile('office-hours.yaml');
  fs.writeFileSync(file, stringify({ sessions: [...shipped.sessions.map((s) => ({ ...s, page: `${prefix}${s.page}` })), ...extra] }));
  return file;
}

function seedSignals(ledger: Ledger, sourceTask: string, signals: SignalInput[]): void {
  const runId = ledger.startRun(sourceTask, 'cli', false, RUN_CLOCK);
  ledger.recordAll(runId, sourceTask, RUN_CLOCK, signals.map((signal) => ({ kind: 'signal' as const, signal })));
  ledger.finishRun(runId, RUN_CLOCK, { result: 'ok', edits: 0, skipped: 0, errors: 0, requests: 0, details: {} });
}

export const scenarios: Readonly<Record<string, Scenario>> = {
  'test-append': {
    seedPages: [CRS, CD, `Talk:${CRS}`, `Talk:${MCI}`],
    setupPages: (prefix) => numbered(APPEND_PAGES, (n) => appendPage(prefix, n)).map((title) => ({ title, text: 'A department page.' })),
    settings: (prefix) => ({
      pages: [`${prefix}${CRS}`, `${prefix}${CD}`, ...numbered(APPEND_PAGES, (n) => appendPage(prefix, n))],
      line: 'Checked by deptbot.',
      sections: [
        { page: `Talk:${prefix}${CRS}`, key: 'first', title: 'A first note', body: 'A first note from the bot.' },
        { page: `Talk:${prefix}${CRS}`, key: 'second', title: 'A second note', body: 'A second note from the bot.' },
        // Not there yet: the post creates it.
        { page: `Talk:${prefix}${CD}`, key: 'new-page', title: 'A note on a new page', body: 'This page starts with a note.' },
        // {{nobots}}: never posted.
        { page: `Talk:${prefix}${MCI}`, key: 'excluded', title: 'Not wanted', body: 'This must not appear.' },
        // New talk pages, each started by its note.
        ...numbered(APPEND_TALK_SECTIONS, (n) => ({ page: `Talk:${appendPage(prefix, n)}`, key: `talk-${n}`, title: 'A note', body: `Note ${n} from the bot.` })),
      ],
    }),
    createdPages: (prefix) => [`Talk:${prefix}${CD}`, ...numbered(APPEND_TALK_SECTIONS, (n) => `Talk:${appendPage(prefix, n)}`)],
  },
  'historical-banner': {
    seedPages: [CE, `${CE}/ru`, `${CE}/Priorities`, `${CE}/Quarterly goals`, CD, `${CD}/What we do`],
    setupPages: (prefix) => numbered(BANNER_TEAM_PAGES, (n) => ({ title: teamPage(prefix, n), text: `== Team ${n} ==\nWhat team ${n} did.` })),
    settings: (prefix) => ({
      template: 'Historical',
      retired: [
        {
          title: `${prefix}${CE}`,
          retiredOn: '2019-11',
          comment: 'The department was dissolved in November 2019 and its teams moved to other departments.',
          includeSubpages: true,
        },
      ],
      active: [`${prefix}${CD}`],
    }),
  },
  'office-hours': {
    seedPages: [CRS, MCI],
    setupPages: (prefix) => [
      {
        title: `${prefix}office-hours.json`,
        contentModel: 'json',
        text: JSON.stringify({
          sessions: [
            {
              id: 'wiki-added',
              page: `${prefix}${CRS}`,
              start: '2027-02-02T10:00',
              timeZone: 'UTC',
              durationMinutes: 30,
              language: 'fr',
              link: 'https://meet.example.org/wiki-added',
            },
          ],
        }),
      },
    ],
    settings: (prefix) => ({
      scheduleFile: scheduleFile(prefix),
      onWikiPage: `${prefix}office-hours.json`,
      pages: [{ title: `${prefix}${CRS}` }, { title: `${prefix}${MCI}` }],
      sectionTitles: ['Office hours', 'Office hour'],
    }),
  },
  'translation-status': {
    seedPages: [],
    settings: (prefix) => ({
      reportPage: `${prefix}Translation status`,
      pages: [RECORDED_GROUP.replace(/^page-/, ''), `${prefix}Never marked`],
      priorityLanguages: ['es', 'fr', 'de', 'ru', 'zh', 'ar'],
      statsRetries: 1,
      retryDelayMs: 10,
    }),
    // An existing report page, with a person's introduction above the bot's region.
    setupPages: (prefix) => [{ title: `${prefix}Translation status`, text: 'How far the department pages are translated, kept up to date by the bot.' }],
    usesTranslate: true,
  },
  'talk-reminders': {
    seedPages: [`Talk:${CRS}`, `Talk:${MCI}`, `Talk:${CE}`],
    setupPages: (prefix) => [
      { title: `Talk:${prefix}${CD}`, text: '== Team changes ==\nWho do we ask about the new team? ~~~~' },
      ...numbered(REMINDER_TALK_PAGES, (n) => [
        { title: reminderDepartment(prefix, n), text: `Department ${n} at work.` },
        { title: `Talk:${reminderDepartment(prefix, n)}`, text: `== Welcome ==\nQuestions about department ${n} go here.` },
      ]).flat(),
    ],
    // The shipped cap (one post per talk page in 7 days) holds back all but one reminder per talk page;
    // the cap per run is raised so that every talk page gets its reminder in one run.
    settings: (prefix) => ({
      maxPostsPerRun: 40,
      officeHours: {
        scheduleFile: scheduleFile(prefix, [
          {
            id: 'soon',
            page: `${prefix}${CRS}`,
            start: new Date(RUN_CLOCK.getTime() + 2 * DAY_MS).toISOString().slice(0, 16),
            timeZone: 'UTC',
            durationMinutes: 60,
            language: 'en',
            link: 'https://meet.example.org/soon',
          },
        ]),
        onWikiPage: null,
      },
    }),
    prepareLedger: (ledger, prefix) => {
      const ordinary = `${prefix}${CRS}`;
      seedSignals(ledger, 'historical-banner', [
        { type: 'banner-removed', page: ordinary, key: `banner-removed:${ordinary}:101`, data: { template: 'Historical', addedInRevision: 101, removedInRevision: 102, removedBy: 'Editor1' } },
        // {{bots|deny=DeptBot}} on its talk page: never posted.
        { type: 'banner-removed', page: `${prefix}${CE}`, key: `banner-removed:${prefix}${CE}:201`, data: { template: 'Historical', addedInRevision: 201 } },
      ]);
      seedSignals(ledger, 'translation-status', [
        { type: 'translation-below-threshold', page: ordinary, key: `translation-below:${ordinary}:zh:50`, data: { language: 'zh', percent: 4, threshold: 50 } },
        { type: 'translation-below-threshold', page: `${prefix}${CD}`, key: `translation-below:${prefix}${CD}:de:50`, data: { language: 'de', percent: 20, threshold: 50 } },
        // {{nobots}} on its talk page: never posted.
        { type: 'translation-below-threshold', page: `${prefix}${MCI}`, key: `translation-below:${prefix}${MCI}:zh:50`, data: { language: 'zh', percent: 4, threshold: 50 } },
        ...numbered(REMINDER_TALK_PAGES, (n): SignalInput => {
          const page = reminderDepartment(prefix, n);
          return { type: 'translation-below-threshold', page, key: `translation-below:${page}:fr:50`, data: { language: 'fr', percent: 10 + n, threshold: 50 } };
        }),
      ]);
      seedSignals(ledger, 'office-hours', [
        {
          type: 'stale-office-hours',
          page: ordinary,
          key: `stale-office-hours:${ordinary}:2021-04-17`,
          data: { sentence: 'The next office hour has been somewhat delayed; it will take place on April 17, 2021!', date: '2021-04-17', section: 'Office hours' },
        },
      ]);
    },
  },
};

/** Every registered task, plus the test-only task that exercises new sections and page creation directly. */
export const reliabilityTasks: readonly Task[] = [...registeredTasks, appendTask];

/** The pages a run of the scenario may write, under `prefix`: what the suites compare. */
export function comparedPages(scenario: Scenario, prefix: string): string[] {
  return [
    ...scenario.seedPages.map((title) => prefixedTitle(prefix, title)),
    ...(scenario.setupPages?.(prefix).map((p) => p.title) ?? []),
    ...(scenario.createdPages?.(prefix) ?? []),
  ];
}
