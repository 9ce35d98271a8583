// A session's scheduled wall times, before any change to single occurrences: the start alone, or
// the RRULE expanded by rrule on floating wall time (rrule's own TZID support places times by the
// machine's zone, which is why it is not used).
import { RRule } from 'rrule';
import { parseRecurrence, type Session } from './session';
import { parseWallTime, type FloatingMs } from './wall-time';

/** Bounds one recurrence's expansion; a daily session over 25 years stays below it. */
const MAX_OCCURRENCES_PER_SESSION = 10_000;

/** The session's rule with its start as DTSTART, or its one start; null when the session is not valid. */
type Schedule = { rule: RRule } | { once: FloatingMs } | null;

const schedules = new WeakMap<Session, Schedule>();

function scheduleOf(session: Session): Schedule {
  if (schedules.has(session)) return schedules.get(session)!;
  const first = parseWallTime(session.start);
  let schedule: Schedule = null;
  if (first && session.rrule === undefined) schedule = { once: first.floating };
  else if (first && session.rrule !== undefined) {
    const recurrence = parseRecurrence(session.rrule);
    // The start as written, not as a clock would show it: a start in a DST gap moves only itself.
    if (!('problem' in recurrence)) schedule = { rule: new RRule({ ...recurrence.options, dtstart: new Date(first.floating) }) };
  }
  schedules.set(session, schedule);
  return schedule;
}

/**
 * The session's scheduled wall times in [from, to] (floating ms, both ends included), ascending.
 * `wanted` sees each in turn; the walk stops at the first it refuses.
 */
export function scheduledWallTimes(
  session: Session,
  from: FloatingMs,
  to: FloatingMs,
  wanted: (floating: FloatingMs) => boolean = () => true,
): FloatingMs[] {
  const schedule = scheduleOf(session);
  if (schedule === null) return [];
  if ('once' in schedule) return schedule.once >= from && schedule.once <= to && wanted(schedule.once) ? [schedule.once] : [];
  return schedule.rule
    .between(new Date(from), new Date(to), true, (date, index) => index < MAX_OCCURRENCES_PER_SESSION && wanted(date.getTime()))
    .map((date) => date.getTime());
}
