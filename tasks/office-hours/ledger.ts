// What office-hours keeps in the ledger: the last good on-wiki sessions (task state, read by the
// shared schedule for office-hours and talk-reminders alike), and the signal it raises when a
// department page still announces a session that has passed. No tables of its own.
import { z } from 'zod';
import type { LedgerReader, LedgerRecord } from '../../src/ledger/records';
import { signalKind, type TaskLedger } from '../../src/ledger/task-ledger';
import type { LastGoodSessions } from '../shared/office-hour-schedule/merge-schedule';

/** The task whose state holds the last good on-wiki sessions: the ledger files task state under the running task's name. */
const OFFICE_HOURS_TASK = 'office-hours';
const LAST_GOOD_KEY = 'onwiki-sessions';

/**
 * The state key of one on-wiki schedule page's last good sessions: the bot's own schedule page has the
 * plain key (as ledgers from before department schedule pages have it), a department's page its own.
 */
export function lastGoodKeyOf(departmentSchedulePage?: string): string {
  return departmentSchedulePage === undefined ? LAST_GOOD_KEY : `${LAST_GOOD_KEY}:${departmentSchedulePage}`;
}

/** The last good on-wiki sessions office-hours kept of the bot's own schedule page, whichever task reads them. */
export function lastGoodSessions(ledger: LedgerReader): LastGoodSessions | undefined {
  return ledger.taskState<LastGoodSessions>(OFFICE_HOURS_TASK, lastGoodKeyOf());
}

/**
 * The last good sessions kept of each department schedule page, by page (a page with none is
 * absent): one ledger question for them all, where one per page was 10,000 round trips to a MariaDB
 * ledger at 10,000 departments.
 */
export function lastGoodSessionsOfPages(ledger: LedgerReader, departmentSchedulePages: readonly string[]): Map<string, LastGoodSessions> {
  const kept = ledger.taskStates<LastGoodSessions>(OFFICE_HOURS_TASK, departmentSchedulePages.map(lastGoodKeyOf));
  const byPage = new Map<string, LastGoodSessions>();
  for (const page of departmentSchedulePages) {
    const sessions = kept.get(lastGoodKeyOf(page));
    if (sessions) byPage.set(page, sessions);
  }
  return byPage;
}

/** Keeps `lastGood` as the last good on-wiki sessions: only the office-hours task puts this in its plan. */
export function keepLastGoodSessions(lastGood: LastGoodSessions, departmentSchedulePage?: string): LedgerRecord {
  return { kind: 'task-state', key: lastGoodKeyOf(departmentSchedulePage), value: lastGood };
}

export const staleOfficeHoursSignal = signalKind(
  'stale-office-hours',
  z.object({
    sentence: z.string().min(1),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    section: z.string(),
    /** The date as the page writes it (office-hours' note); readers need not have it. */
    dateText: z.string().optional(),
  }),
);

export const officeHoursLedger: TaskLedger = { migrations: [], records: [], signals: [staleOfficeHoursSignal] };
