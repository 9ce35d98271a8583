// How the bad-input corpus points each registered task at the pages of a case: the settings that
// make the task want to edit exactly those pages, and what does not apply to it (and why).
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import type { Settings } from './bad-input-harness';

export interface CorpusWorld {
  prefix: string;
  /** A folder for files the settings name (schedule files). */
  tempDir: string;
  /** The Translate replay in front of the local wiki (translation-status needs Translate's API). */
  replayApiUrl: string;
}

export interface TaskAdapter {
  /** Settings under which one run wants to edit every page of `targets` (and touches nothing else). */
  settings(world: CorpusWorld, targets: readonly string[]): Settings;
  /** The page the task would write for a case page `subject` (talk-reminders writes on its talk page). */
  target(subject: string): string;
  /** How many target pages one run can cover (translation-status keeps one report page). */
  targetsPerRun: number;
  /** The task's managed region, when it has one. */
  region: string | null;
  /** Fixture keys that are not bad input for this task, with the reason. */
  notApplicable: Record<string, string>;
  /** A wrong setting for the config cases: YAML under `tasks.<name>.settings` (one line) and the path it must name. */
  wrongSetting: { yaml: string; path: string };
  /** Where the task must run: the Translate replay, for translation-status. */
  apiUrl?(world: CorpusWorld): string;
}

function scheduleFile(world: CorpusWorld, name: string, sessions: readonly object[]): string {
  const file = path.join(world.tempDir, `${name}.yaml`);
  fs.writeFileSync(file, stringify({ sessions }));
  return file;
}

/** A session starting two days from now (inside talk-reminders' default three-day window). */
function sessionSoon(id: string, page: string): object {
  const start = new Date(Date.now() + 2 * 24 * 3600 * 1000).toISOString().slice(0, 16);
  return { id, page, start, timeZone: 'UTC', durationMinutes: 60, language: 'en', link: 'https://meet.example.org/bad-input' };
}

export const taskAdapters: Readonly<Record<string, TaskAdapter>> = {
  'historical-banner': {
    settings: (_world, targets) => ({
      template: 'Historical',
      retired: targets.map((title) => ({ title, retiredOn: '2019-11', comment: 'Retired (bad-input corpus).', includeSubpages: false })),
      active: [],
    }),
    target: (subject) => subject,
    targetsPerRun: 50,
    region: null,
    notApplicable: { 'broken-region': 'historical-banner keeps no managed region: it inserts a banner' },
    wrongSetting: { yaml: 'retired: Community Engagement', path: 'tasks.historical-banner.settings.retired' },
  },
  'office-hours': {
    settings: (world, targets) => ({
      scheduleFile: scheduleFile(world, `office-hours-${targets.length}`, []),
      onWikiPage: null,
      pages: targets.map((title) => ({ title, manage: 'region' })),
      sectionTitles: ['Office hours'],
    }),
    target: (subject) => subject,
    targetsPerRun: 50,
    region: 'office-hours',
    notApplicable: {},
    wrongSetting: { yaml: 'upcomingShown: 0', path: 'tasks.office-hours.settings.upcomingShown' },
  },
  'translation-status': {
    // One report page a run: the case's page, or (for runs about something else) one under the prefix.
    settings: (world, targets) => ({ reportPage: targets[0] ?? `User:DeptBot/${world.prefix}Translation status`, pages: ['Sample translatable page'], statsRetries: 0, retryDelayMs: 0 }),
    target: (subject) => subject,
    targetsPerRun: 1,
    region: 'translation-status',
    notApplicable: {
      deleted: 'the report page is created again when it is missing (its title is the bot\'s own setting)',
      missing: 'the report page is created when it is missing',
    },
    wrongSetting: { yaml: 'priorityLanguages: [English]', path: 'tasks.translation-status.settings.priorityLanguages[0]' },
    apiUrl: (world) => world.replayApiUrl,
  },
  'talk-reminders': {
    settings: (world, targets) => ({
      maxPostsPerRun: 50,
      officeHours: {
        enabled: true,
        daysBefore: 3,
        scheduleFile: scheduleFile(
          world,
          `talk-reminders-${targets.length}-${Date.now()}`,
          targets.map((talk, i) => sessionSoon(`bad-input-${i}`, talk.replace(/^Talk:/, ''))),
        ),
        onWikiPage: null,
      },
    }),
    target: (subject) => `Talk:${subject}`,
    targetsPerRun: 50,
    region: null,
    notApplicable: {
      deleted: 'a reminder starts a missing talk page (section=new creates it)',
      missing: 'a reminder starts a missing talk page (section=new creates it)',
      moved: 'a reminder follows a talk page redirect to the page it leads to',
      redirect: 'a reminder follows a talk page redirect to the page it leads to',
      'broken-region': 'talk-reminders keeps no managed region: it adds sections',
    },
    wrongSetting: { yaml: 'maxPostsPerRun: -1', path: 'tasks.talk-reminders.settings.maxPostsPerRun' },
  },
};
