// talk-reminders: posts reminders on talk pages (DESIGN §2.4) for the signals the other tasks record
// and for upcoming office hours. Plans only; the writer posts each new section exactly once.
// tasks/talk-reminders/README.md explains the settings and the decisions.
import { perPageTask } from '../../src/core/per-page';
import { talkRemindersSettings } from './settings';
import { checkReminder, deliverReminders, readTalkPages, reminderTargets } from './treat-page';

export const talkRemindersTask = perPageTask({
  name: 'talk-reminders',
  description:
    'Posts reminders on talk pages: upcoming office hours, out-of-date office-hour announcements, translations below their threshold or outdated, and historical notices removed by a person.',
  edits:
    'talk pages of department pages: adds a new signed section (never minor) once per reminder, honouring {{bots}}/{{nobots}}, the category "Opted-out of message delivery" and a cap on posts per talk page',
  defaultSchedule: '15 6 * * *',
  settingsSchema: talkRemindersSettings,
  targets: reminderTargets,
  read: readTalkPages,
  treat: checkReminder,
  afterAll: deliverReminders,
});
