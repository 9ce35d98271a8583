// talk-reminders: posts reminders on talk pages (DESIGN §2.4) for the signals the other tasks record
// and for upcoming office hours. Plans only; the writer posts each new section exactly once.
// tasks/talk-reminders/README.md explains the settings and the decisions.
import type { Task } from '../../src/core/task';
import { planTalkReminders } from './plan-reminders';
import { talkRemindersSettings, type TalkRemindersSettings } from './settings';

export const talkRemindersTask: Task<TalkRemindersSettings> = {
  name: 'talk-reminders',
  description:
    'Posts reminders on talk pages: upcoming office hours, out-of-date office-hour announcements, translations below their threshold or outdated, and historical notices removed by a person.',
  edits:
    'talk pages of department pages: adds a new signed section (never minor) once per reminder, honouring {{bots}}/{{nobots}}, the category "Opted-out of message delivery" and a cap on posts per talk page',
  defaultSchedule: '15 6 * * *',
  settingsSchema: talkRemindersSettings,
  // A handful of pages: the plan is one part (Task.plan).
  async *plan(ctx) {
    yield await planTalkReminders(ctx);
  },
};
