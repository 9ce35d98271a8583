// translation-status: reports how complete the translations of the watched pages are (a table per
// page on the report page), stores a snapshot per run in the ledger for trends, and raises signals
// that talk-reminders turns into reminders.
import type { Task } from '../../src/core/task';
import { translationStatusLedger } from './ledger';
import { planTranslationStatus } from './plan-report';
import { translationStatusSettings, type TranslationStatusSettings } from './settings';

export const translationStatusTask: Task<TranslationStatusSettings> = {
  name: 'translation-status',
  description:
    'Reports how complete the translations of the watched translatable pages are, keeps a snapshot per run for trends, and raises signals for talk-page reminders.',
  edits: 'its report page (default User:DeptBot/Translation status), only inside the managed region "translation-status"',
  defaultSchedule: '30 5 * * *',
  settingsSchema: translationStatusSettings,
  ledger: translationStatusLedger,
  // A handful of pages: the plan is one part (Task.plan).
  async *plan(ctx) {
    yield await planTranslationStatus(ctx);
  },
};
