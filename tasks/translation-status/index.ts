// translation-status: reports how complete the translations of the watched pages are (a table per
// page on the report page), stores a snapshot per run in the ledger for trends, and raises signals
// that talk-reminders turns into reminders.
import { perPageTask } from '../../src/core/per-page';
import { translationStatusLedger } from './ledger';
import { translationStatusSettings } from './settings';
import { readPagesAndRecords, reportEdit, reportOnPage, watchedPageTargets } from './treat-page';

export const translationStatusTask = perPageTask({
  name: 'translation-status',
  description:
    'Reports how complete the translations of the watched translatable pages are, keeps a snapshot per run for trends, and raises signals for talk-page reminders.',
  edits: 'its report page (default User:DeptBot/Translation status), only inside the managed region "translation-status"',
  defaultSchedule: '30 5 * * *',
  settingsSchema: translationStatusSettings,
  ledger: translationStatusLedger,
  targets: watchedPageTargets,
  read: readPagesAndRecords,
  treat: reportOnPage,
  afterAll: reportEdit,
});
