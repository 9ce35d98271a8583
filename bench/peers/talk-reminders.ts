// The peer of talk-reminders: the leanest script that produces deptbot's plan (the same new sections
// on the same talk pages). The reminder's wording and its hidden marker are deptbot's own format, so
// the peer calls the same pure functions for them (the settings' default messages, the occurrence
// walk, the message and the section text, the order under the cap); the reading, the checks
// and the cap are the script's.
import { reminderMarker, sectionText } from '../../src/core/planned-change';
import { readSchedule } from '../../tasks/shared/office-hour-schedule/schedule-file';
import { expandOccurrences } from '../../tasks/shared/office-hour-schedule/schedule';
import { composeReminder } from '../../tasks/talk-reminders/compose-reminder';
import { dedupeKeyOf, reminderFromOccurrence, reminderWindow, type Reminder } from '../../tasks/talk-reminders/collect-reminders';
import { byDueDate } from '../../tasks/talk-reminders/apply-caps';
import { talkRemindersSettings } from '../../tasks/talk-reminders/settings';
import { contentOf, readAll, type Peer, type ReadPage } from './peer';

interface TalkPageRead extends ReadPage {
  pagelanguage?: string;
  categories?: unknown[];
  protection?: Array<{ type: string; level: string }>;
}

/** No reminder where it was posted before (its marker), where the page opts out or excludes bots, or is protected. */
function mayPost(page: TalkPageRead, reminder: Reminder): boolean {
  const text = contentOf(page) ?? '';
  if (text.includes(reminderMarker(dedupeKeyOf(reminder))) || page.categories?.length) return false;
  if (/\{\{\s*(?:nobots|bots\s*\|\s*(?:deny\s*=\s*all|allow\s*=\s*none))\s*\}\}/i.test(text)) return false;
  return !page.protection?.some((p) => p.type === (page.missing ? 'create' : 'edit'));
}

export const talkRemindersPeer: Peer = async (bot, rawSettings, now, onChange) => {
  const settings = talkRemindersSettings.parse(rawSettings);
  const { daysBefore, scheduleFile, onWikiPage } = settings.officeHours;
  if (onWikiPage && (await readAll(bot, [onWikiPage])).some((page) => contentOf(page) !== null)) {
    throw new Error(`talk-reminders peer: ${onWikiPage} exists; the peer does not merge on-wiki sessions`);
  }
  const { from, to } = reminderWindow(now, daysBefore);
  const reminders = expandOccurrences(readSchedule(scheduleFile).sessions, from, to)
    .filter((occurrence) => !occurrence.cancelled)
    .map((occurrence) => reminderFromOccurrence(occurrence, daysBefore))
    .filter((made): made is Reminder => !('problem' in made))
    // deptbot's order under the run's cap (oldest due first, then by key), so both choose the same pages.
    .sort(byDueDate);
  // A subject page without a talk namespace gets no reminder.
  const talkTitle = (reminder: Reminder) => new bot.Title(reminder.subjectPage).getTalkPage()?.toText() ?? '';
  const pages = await readAll<TalkPageRead>(bot, reminders.map(talkTitle).filter(Boolean), {
    prop: 'revisions|info|categories',
    inprop: 'protection',
    clcategories: `Category:${settings.optOutCategory}`,
  });
  const byTitle = new Map(pages.map((page) => [page.title, page]));
  let posted = 0;
  for (const reminder of reminders) {
    const page = byTitle.get(talkTitle(reminder));
    if (posted === settings.maxPostsPerRun || !page || !mayPost(page, reminder)) continue;
    const section = composeReminder(reminder, { title: page.title, language: page.pagelanguage ?? null }, settings);
    onChange(page.title, sectionText(section.body, section.dedupeKey));
    posted++;
  }
};
