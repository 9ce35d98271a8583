// Which occurrences a department page shows: the next ones (a session stays "next" until it has
// ended) and the past ones, newest first, each list capped.
import { occurrencesAround, type OccurrencesAround } from '../shared/office-hour-schedule/expand-occurrences';
import { normaliseTitle } from '../../src/core/title';
import type { Session } from '../shared/office-hour-schedule/session';

export type PageSessions = OccurrencesAround;

export interface SessionLimits {
  /** How many next sessions to show. */
  upcoming: number;
  /** How far ahead to look for them, in days. */
  horizonDays: number;
  /** How many past sessions to keep listed. */
  past: number;
}

/** Far enough back for any office hour; recurrences start at their own `start` anyway. */
const BEGINNING = new Date(Date.UTC(2000, 0, 1));

export function pageSessions(sessions: readonly Session[], page: string, now: Date, limits: SessionLimits): PageSessions {
  const title = normaliseTitle(page);
  const mine = sessions.filter((s) => normaliseTitle(s.page) === title);
  const horizon = new Date(now.getTime() + limits.horizonDays * 24 * 60 * 60 * 1000);
  return occurrencesAround(mine, now, BEGINNING, horizon, { upcoming: limits.upcoming, past: limits.past });
}
