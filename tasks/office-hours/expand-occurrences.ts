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

function startsOf(session: Session, from: Date, to: Date): Date[] {
  const first = localStart(session.start, session.timeZone);
  if (!first) return [];
  if (session.rrule === undefined) return [first.toJSDate()];
  const recurrence = parseRecurrence(session.rrule);
  if ('problem' in recurrence) return [];
  const rule = new RRule({ ...recurrence.options, dtstart: floating(first) });
  // Floating times differ from real ones by the zone's offset (under a day): widen, then filter exactly.
  const floats = rule.between(new Date(from.getTime() - DAY_MS), new Date(to.getTime() + DAY_MS), true, (_date, index) => index < MAX_OCCURRENCES_PER_SESSION);
  return floats.map((float) => inZone(float, session.timeZone));
}

/**
 * Every occurrence of `sessions` starting at or after `from` and before `to`, sorted by start.
 * Pure; safe to call from any task (talk-reminders uses it for upcoming sessions).
 */
export function expandOccurrences(sessions: readonly Session[], from: Date, to: Date): Occurrence[] {
  const occurrences: Occurrence[] = [];
  for (const session of sessions) {
    for (const start of startsOf(session, from, to)) {
      if (start < from || start >= to) continue;
      occurrences.push({
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
      });
    }
  }
  return occurrences.sort((a, b) => a.start.getTime() - b.start.getTime() || a.id.localeCompare(b.id));
}

export function occurrenceEnd(occurrence: Occurrence): Date {
  return new Date(occurrence.start.getTime() + occurrence.durationMinutes * 60_000);
}
