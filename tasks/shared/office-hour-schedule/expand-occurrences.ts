// Sessions → dated occurrences between two instants. Recurrences are expanded by rrule on the
// session's wall-clock time and each occurrence is then placed in its IANA zone by luxon, so a
// 15:00 New York session stays at 15:00 local across DST changes (19:00 UTC in summer, 20:00 in winter).
import { DateTime } from 'luxon';
import { RRule } from 'rrule';
import { localStart, parseRecurrence, type Session } from './session';

export interface Occurrence {
  /** Stable per occurrence: `<session id>@<UTC start, ISO>`; reminders use it as their key. */
  id: string;
  sessionId: string;
  page: string;
  /** The instant the occurrence starts. */
  start: Date;
  durationMinutes: number;
  language: string;
  link: string;
  notes?: string;
  recording?: string;
  /** The zone the session was scheduled in (for messages that want local time). */
  timeZone: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Bounds one recurrence's expansion; a daily session over 25 years stays below it. */
const MAX_OCCURRENCES_PER_SESSION = 10_000;

/** A wall-clock time written as if it were UTC: how rrule is used without its tzid support. */
function floating(local: DateTime): Date {
  return new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute));
}

function inZone(float: Date, zone: string): Date {
  return DateTime.fromObject(
    {
      year: float.getUTCFullYear(),
      month: float.getUTCMonth() + 1,
      day: float.getUTCDate(),
      hour: float.getUTCHours(),
      minute: float.getUTCMinutes(),
    },
    { zone },
  ).toJSDate();
}

function occurrenceId(sessionId: string, start: Date): string {
  return `${sessionId}@${DateTime.fromJSDate(start, { zone: 'utc' }).toISO({ suppressMilliseconds: true })}`;
}

/**
 * The session's starts as floating times, ascending, from a day before `from` to a day after `to`:
 * a floating time differs from the real one by the zone's offset, which is under a day.
 */
function floatingStarts(session: Session, from: Date, to: Date, wanted: (float: Date) => boolean = () => true): Date[] {
  const first = localStart(session.start, session.timeZone);
  if (!first) return [];
  if (session.rrule === undefined) return [floating(first)];
  const recurrence = parseRecurrence(session.rrule);
  if ('problem' in recurrence) return [];
  const rule = new RRule({ ...recurrence.options, dtstart: floating(first) });
  // rrule stops at the first start `wanted` refuses.
  return rule.between(new Date(from.getTime() - DAY_MS), new Date(to.getTime() + DAY_MS), true, (date, index) => index < MAX_OCCURRENCES_PER_SESSION && wanted(date));
}

function occurrenceOf(session: Session, start: Date): Occurrence {
  return {
    id: occurrenceId(session.id, start),
    sessionId: session.id,
    page: session.page,
    start,
    durationMinutes: session.durationMinutes,
    language: session.language,
    link: session.link,
    ...(session.notes !== undefined ? { notes: session.notes } : {}),
    ...(session.recording !== undefined ? { recording: session.recording } : {}),
    timeZone: session.timeZone,
  };
}

function byStart(a: Occurrence, b: Occurrence): number {
  return a.start.getTime() - b.start.getTime() || a.id.localeCompare(b.id);
}

/**
 * Every occurrence of `sessions` starting at or after `from` and before `to`, sorted by start.
 * Pure; safe to call from any task (talk-reminders uses it for upcoming sessions).
 */
export function expandOccurrences(sessions: readonly Session[], from: Date, to: Date): Occurrence[] {
  const occurrences: Occurrence[] = [];
  for (const session of sessions) {
    for (const float of floatingStarts(session, from, to)) {
      const start = inZone(float, session.timeZone);
      if (start >= from && start < to) occurrences.push(occurrenceOf(session, start));
    }
  }
  return occurrences.sort(byStart);
}

export function occurrenceEnd(occurrence: Occurrence): Date {
  return new Date(occurrence.start.getTime() + occurrence.durationMinutes * 60_000);
}

export interface OccurrencesAround {
  /** Not ended at `now`, soonest first. */
  upcoming: Occurrence[];
  /** Ended by `now`, newest first. */
  past: Occurrence[];
}

/**
 * The starts of one session that can be among the first `upcoming` not ended at `now` or the last
 * `past` ended by then (all of [from, to)). Only floating starts within a day of that cut are
 * placed in the zone: placing every occurrence since `from` was most of a run's time. Candidates are
 * compared by real start, since a DST gap can move a later wall time before an earlier one.
 */
function candidateStarts(session: Session, now: Date, from: Date, to: Date, counts: { upcoming: number; past: number }): Date[] {
  const durationMs = session.durationMinutes * 60_000;
  const nowMs = now.getTime();
  // The recurrence is walked only a little past the `counts.upcoming`-th start that is upcoming in
  // every zone: a float more than two days later starts after all of those wherever it is placed,
  // so it cannot be among the next ones (walking to the horizon was most of rrule's time).
  let surelyUpcoming = 0;
  let lastNeededMs = Infinity;
  const floats = floatingStarts(session, from, to, (float) => {
    const floatMs = float.getTime();
    if (floatMs > lastNeededMs) return false;
    if (floatMs - DAY_MS > nowMs) {
      if (counts.upcoming === 0) return false;
      if (++surelyUpcoming === counts.upcoming) lastNeededMs = floatMs + 2 * DAY_MS;
    }
    return true;
  });
  const place = (float: Date): Date | null => {
    const start = inZone(float, session.timeZone);
    return start >= from && start < to ? start : null;
  };
  const upcoming: Date[] = [];
  let latestUpcoming = -Infinity;
  for (const float of floats) {
    const floatMs = float.getTime();
    if (floatMs + DAY_MS + durationMs <= nowMs) continue; // ended in any zone
    // Later floats start after floatMs - DAY_MS in every zone, so after all those found.
    if (upcoming.length >= counts.upcoming && floatMs - DAY_MS > latestUpcoming) break;
    const start = place(float);
    if (start && start.getTime() + durationMs > nowMs) {
      upcoming.push(start);
      latestUpcoming = Math.max(latestUpcoming, start.getTime());
    }
  }
  const past: Date[] = [];
  let earliestPast = Infinity;
  for (let index = floats.length - 1; index >= 0; index--) {
    const floatMs = floats[index]!.getTime();
    if (floatMs - DAY_MS + durationMs > nowMs) continue; // not ended in any zone
    if (past.length >= counts.past && floatMs + DAY_MS < earliestPast) break;
    const start = place(floats[index]!);
    if (start && start.getTime() + durationMs <= nowMs) {
      past.push(start);
      earliestPast = Math.min(earliestPast, start.getTime());
    }
  }
  return [...upcoming, ...past];
}

/**
 * The first `counts.upcoming` occurrences starting in [from, to) that have not ended at `now`, and
 * the last `counts.past` that have: the same lists as filtering `expandOccurrences(sessions, from, to)`,
 * without placing every occurrence of a long recurrence in its zone.
 */
export function occurrencesAround(
  sessions: readonly Session[],
  now: Date,
  from: Date,
  to: Date,
  counts: { upcoming: number; past: number },
): OccurrencesAround {
  const candidates = sessions
    .flatMap((session) => candidateStarts(session, now, from, to, counts).map((start) => occurrenceOf(session, start)))
    .sort(byStart);
  const hasEnded = (o: Occurrence) => occurrenceEnd(o) <= now;
  return {
    upcoming: candidates.filter((o) => !hasEnded(o)).slice(0, counts.upcoming),
    past: candidates.filter(hasEnded).reverse().slice(0, counts.past),
  };
}
