// Sessions → dated occurrences between two instants. Recurrences are expanded on the session's
// wall-clock time and each wall time is then placed in its IANA zone by RFC 5545's rules
// (wall-time.ts), so a 15:00 New York session stays at 15:00 local across DST changes (19:00 UTC in
// summer, 20:00 in winter), whatever the machine's zone or clock. Cancelled occurrences (exdate) are
// kept, marked; moved ones (overrides) keep the id of the time they were scheduled for.
import { byCodePoint } from '../../../src/core/code-point-order';
import { occurrenceChanges, type OccurrenceChanges } from './occurrence-changes';
import { scheduledWallTimes } from './recurrence';
import type { Session } from './session';
import { instantOf, type FloatingMs } from './wall-time';

export interface Occurrence {
  /**
   * Stable per occurrence: `<session id>@<UTC start as scheduled, ISO>`; reminders use it as their
   * key, so a moved occurrence keeps the id of the time it was scheduled for.
   */
  id: string;
  sessionId: string;
  page: string;
  /** The instant the occurrence starts (after a move, the new one). */
  start: Date;
  durationMinutes: number;
  language: string;
  link: string;
  notes?: string;
  recording?: string;
  /** The zone the session was scheduled in (for messages that want local time). */
  timeZone: string;
  /** Set when the occurrence is cancelled (exdate): it is listed as such, and never reminded of. */
  cancelled?: true;
  /** Set when an override moved the occurrence: the start it was scheduled for. */
  movedFrom?: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `<session>@2026-12-10T16:00:00Z`, the key of its reminders in the ledger: the start in UTC, with
 * milliseconds only when there are any (as luxon's toISO with suppressMilliseconds wrote it, which
 * asked Intl for the system's locale first).
 */
function occurrenceId(sessionId: string, start: Date): string {
  const iso = start.toISOString();
  return `${sessionId}@${iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso}`;
}

/**
 * The occurrence scheduled for `scheduled` (whose instant the caller may already know), with its
 * cancellation or change applied.
 */
function occurrenceAt(session: Session, changes: OccurrenceChanges, scheduled: FloatingMs, instant = instantOf(scheduled, session.timeZone)): Occurrence {
  const scheduledStart = new Date(instant);
  const change = changes.changed.get(scheduled);
  const override = change?.override;
  const notes = override?.notes ?? session.notes;
  const recording = override?.recording ?? session.recording;
  return {
    id: occurrenceId(session.id, scheduledStart),
    sessionId: session.id,
    page: session.page,
    start: change?.movedTo === undefined ? scheduledStart : new Date(instantOf(change.movedTo, session.timeZone)),
    durationMinutes: override?.durationMinutes ?? session.durationMinutes,
    language: session.language,
    link: override?.link ?? session.link,
    ...(notes !== undefined ? { notes } : {}),
    ...(recording !== undefined ? { recording } : {}),
    timeZone: session.timeZone,
    ...(changes.cancelled.has(scheduled) ? { cancelled: true as const } : {}),
    ...(change?.movedTo !== undefined ? { movedFrom: scheduledStart } : {}),
  };
}

function byStart(a: Occurrence, b: Occurrence): number {
  return a.start.getTime() - b.start.getTime() || byCodePoint(a.id, b.id);
}

/**
 * The wall times of `session` not moved elsewhere, from a day before `from` to a day after `to`: a
 * wall time differs from its instant by the zone's offset, which is under a day. `wanted` as in
 * scheduledWallTimes.
 */
function unmovedWallTimes(session: Session, changes: OccurrenceChanges, from: Date, to: Date, wanted?: (floating: FloatingMs) => boolean): FloatingMs[] {
  const all = scheduledWallTimes(session, from.getTime() - DAY_MS, to.getTime() + DAY_MS, wanted);
  return changes.changed.size === 0 ? all : all.filter((floating) => changes.changed.get(floating)?.movedTo === undefined);
}

/** The session's moved occurrences that start in [from, to), wherever they were scheduled. */
function movedOccurrences(session: Session, changes: OccurrenceChanges, from: Date, to: Date): Occurrence[] {
  const moved: Occurrence[] = [];
  for (const [scheduled, change] of changes.changed) {
    if (change.movedTo === undefined) continue;
    const occurrence = occurrenceAt(session, changes, scheduled);
    if (occurrence.start >= from && occurrence.start < to) moved.push(occurrence);
  }
  return moved;
}

/**
 * Every occurrence of `sessions` starting at or after `from` and before `to`, sorted by start,
 * cancelled ones included (marked `cancelled`). Pure; safe to call from any task (talk-reminders
 * uses it for upcoming sessions).
 */
export function expandOccurrences(sessions: readonly Session[], from: Date, to: Date): Occurrence[] {
  const occurrences: Occurrence[] = [];
  for (const session of sessions) {
    const changes = occurrenceChanges(session);
    for (const scheduled of unmovedWallTimes(session, changes, from, to)) {
      const start = instantOf(scheduled, session.timeZone);
      if (start >= from.getTime() && start < to.getTime()) occurrences.push(occurrenceAt(session, changes, scheduled, start));
    }
    occurrences.push(...movedOccurrences(session, changes, from, to));
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

/** The longest any occurrence of the session lasts, overrides included. */
function longestDurationMs(session: Session, changes: OccurrenceChanges): number {
  let minutes = session.durationMinutes;
  for (const change of changes.changed.values()) minutes = Math.max(minutes, change.override.durationMinutes ?? 0);
  return minutes * 60_000;
}

/**
 * The wall times of one session that can be among the first `counts.upcoming` held ones not ended
 * at `now` or the last `counts.past` ended by then. The recurrence is walked only a little past the
 * `counts.upcoming`-th held wall time that is, in every zone, upcoming and within [from, …): a wall time
 * more than two days later starts after all of those wherever it is placed, so it cannot be among
 * the next ones (walking to the horizon was most of rrule's time).
 */
function nearWallTimes(session: Session, changes: OccurrenceChanges, now: Date, from: Date, to: Date, upcomingCount: number): FloatingMs[] {
  const surelyAfter = Math.max(now.getTime(), from.getTime() - 1);
  let surelyUpcoming = 0;
  let lastNeeded = Infinity;
  return unmovedWallTimes(session, changes, from, to, (floating) => {
    if (floating > lastNeeded) return false;
    const held = !changes.cancelled.has(floating) && changes.changed.get(floating)?.movedTo === undefined;
    if (held && floating - DAY_MS > surelyAfter) {
      if (upcomingCount === 0) return false;
      if (++surelyUpcoming === upcomingCount) lastNeeded = floating + 2 * DAY_MS;
    }
    return true;
  });
}

/**
 * The occurrences of one session that can be among the first `counts.upcoming` held ones not ended
 * at `now` (and the cancelled ones before them) or the last `counts.past` ended by then (all of [from, to)). Only wall times within a day of that
 * cut are placed in the zone: placing every occurrence since `from` was most of a run's time.
 * Candidates are compared by real start, since a DST gap can move a later wall time before an
 * earlier one. Moved occurrences are few and all taken.
 */
function candidateOccurrences(session: Session, now: Date, from: Date, to: Date, counts: { upcoming: number; past: number }): Occurrence[] {
  const changes = occurrenceChanges(session);
  const durationMs = longestDurationMs(session, changes);
  const nowMs = now.getTime();
  const wallTimes = nearWallTimes(session, changes, now, from, to, counts.upcoming);
  const place = (floating: FloatingMs): Occurrence | null => {
    const start = instantOf(floating, session.timeZone);
    return start >= from.getTime() && start < to.getTime() ? occurrenceAt(session, changes, floating, start) : null;
  };
  const upcoming: Occurrence[] = [];
  let heldUpcoming = 0;
  let latestUpcoming = -Infinity;
  for (const floating of wallTimes) {
    if (floating + DAY_MS + durationMs <= nowMs) continue; // ended in any zone
    // Later wall times start after floating - DAY_MS in every zone, so after all those found.
    if (heldUpcoming >= counts.upcoming && floating - DAY_MS > latestUpcoming) break;
    const occurrence = place(floating);
    if (occurrence && occurrenceEnd(occurrence) > now) {
      upcoming.push(occurrence);
      if (!occurrence.cancelled) heldUpcoming++;
      latestUpcoming = Math.max(latestUpcoming, occurrence.start.getTime());
    }
  }
  const past: Occurrence[] = [];
  let earliestPast = Infinity;
  for (let index = wallTimes.length - 1; index >= 0; index--) {
    const floating = wallTimes[index]!;
    if (floating - DAY_MS + 1 > nowMs) continue; // not ended in any zone
    if (past.length >= counts.past && floating + DAY_MS < earliestPast) break;
    const occurrence = place(floating);
    if (occurrence && occurrenceEnd(occurrence) <= now) {
      past.push(occurrence);
      earliestPast = Math.min(earliestPast, occurrence.start.getTime());
    }
  }
  return [...upcoming, ...past, ...movedOccurrences(session, changes, from, to)];
}

/**
 * The first occurrences, up to and including the `count`-th held one: a cancelled occurrence among
 * them is listed (readers learn it is off) but takes no place from a session that is held.
 */
function upToHeld(occurrences: readonly Occurrence[], count: number): Occurrence[] {
  const taken: Occurrence[] = [];
  let held = 0;
  for (const occurrence of occurrences) {
    if (held >= count) break;
    taken.push(occurrence);
    if (!occurrence.cancelled) held++;
  }
  return taken;
}

/**
 * The first `counts.upcoming` held occurrences starting in [from, to) that have not ended at `now`
 * (with the cancelled ones among them), and the last `counts.past` that have ended, cancelled or
 * not: the same lists as filtering `expandOccurrences(sessions, from, to)`, without placing every
 * occurrence of a long recurrence in its zone.
 */
export function occurrencesAround(
  sessions: readonly Session[],
  now: Date,
  from: Date,
  to: Date,
  counts: { upcoming: number; past: number },
): OccurrencesAround {
  const candidates = sessions.flatMap((session) => candidateOccurrences(session, now, from, to, counts)).sort(byStart);
  const hasEnded = (o: Occurrence) => occurrenceEnd(o) <= now;
  return {
    upcoming: upToHeld(candidates.filter((o) => !hasEnded(o)), counts.upcoming),
    past: candidates.filter(hasEnded).reverse().slice(0, counts.past),
  };
}
