// The peer of office-hours: the leanest script that produces deptbot's plan. The schedule's dates and
// the section's wikitext are deptbot's own format, so the peer calls the same pure functions for them
// (the schedule file reader, the occurrence walk, the region update); the reading and the loop are mwn's.
import { readSchedule } from '../../tasks/shared/office-hour-schedule/schedule-file';
import type { Session } from '../../tasks/shared/office-hour-schedule/session';
import { pageSessions } from '../../tasks/office-hours/next-sessions';
import { updateOfficeHours } from '../../tasks/office-hours/update-office-hours';
import { departmentSchedulePage } from '../task-workloads';
import { contentOf, readAll, type Peer } from './peer';

interface Settings {
  scheduleFile: string;
  onWikiPage: string;
  pages: Array<{ title: string; manage: 'region' | 'section' }>;
}

/** deptbot's defaults (tasks/office-hours/settings.ts), which the bench does not change. */
const LIMITS = { upcoming: 3, horizonDays: 366, past: 5 };
const SECTION_TITLES = ['Office hours'];

export const officeHoursPeer: Peer<Settings> = async (bot, settings, now, onChange) => {
  const byPage = new Map<string, Session[]>();
  for (const session of readSchedule(settings.scheduleFile).sessions) {
    const list = byPage.get(session.page) ?? [];
    list.push(session);
    byPage.set(session.page, list);
  }
  const titles = settings.pages.map((page) => page.title);
  // Staff add sessions on the bot's JSON page and on each department's own page: the job reads them.
  // This peer handles only their absence (as on the bench wiki) and refuses to run rather than plan less.
  const onWiki = await readAll(bot, [settings.onWikiPage, ...titles.map(departmentSchedulePage)]);
  const present = onWiki.find((page) => contentOf(page) !== null);
  if (present) throw new Error(`office-hours peer: ${present.title} exists; the peer does not merge on-wiki sessions`);
  const manage = new Map(settings.pages.map((page) => [page.title, page.manage]));
  for (const page of await readAll(bot, titles)) {
    const text = contentOf(page);
    if (text === null) continue;
    const sessions = pageSessions(byPage.get(page.title) ?? [], page.title, now, LIMITS);
    const result = updateOfficeHours(text, sessions, { manage: manage.get(page.title) ?? 'region', sectionTitles: SECTION_TITLES });
    if ('text' in result && result.text !== text) onChange(page.title, result.text);
  }
};
