// A due reminder as the writer's new-section action: the message for the talk page's language, the
// dedupe key whose marker makes it exactly-once, and the signal to close once it is saved. Pure.
import type { NewSectionAction } from '../../src/core/task';
import type { LedgerRecord } from '../../src/ledger/records';
import { dedupeKeyOf, type Reminder } from './collect-reminders';
import { PLACEHOLDERS } from './reminder-kinds';
import { renderMessage } from './render-message';
import type { TalkRemindersSettings } from './settings';

/** The ledger records that close a reminder's signal (none for office hours, which have no signal). */
export function closingRecords(reminder: Reminder): LedgerRecord[] {
  return reminder.signalKey ? [{ kind: 'signal-handled', key: reminder.signalKey }] : [];
}

export function composeReminder(
  reminder: Reminder,
  talkPage: { title: string; language: string | null },
  settings: Pick<TalkRemindersSettings, 'messages' | 'defaultLanguage'>,
): NewSectionAction {
  const message = renderMessage({
    message: settings.messages[reminder.kind],
    known: PLACEHOLDERS[reminder.kind],
    values: { ...reminder.values, page: reminder.subjectPage, talkPage: talkPage.title },
    pageLanguage: talkPage.language,
    defaultLanguage: settings.defaultLanguage,
  });
  return {
    kind: 'new-section',
    title: talkPage.title,
    sectionTitle: message.sectionTitle,
    body: message.body,
    dedupeKey: dedupeKeyOf(reminder),
    summary: `Reminder about [[${reminder.subjectPage}]]: ${reminder.label}`,
    // Written only when the post is saved: a reminder that fails stays due.
    records: closingRecords(reminder),
  };
}
