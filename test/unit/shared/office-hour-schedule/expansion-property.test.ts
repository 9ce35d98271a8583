// Seeded random sessions, expanded by the task and by a second computation written for this test
// alone: the recurrence walked day by day on the calendar (luxon in UTC as a plain calendar), and
// each wall time placed by searching instants in 15-minute steps for the first one the zone shows
// as that wall time (RFC 5545: the first of two), or, in a gap, reading it at the offset in force
// just before the clocks jumped. The two must agree on every occurrence, cancelled and moved ones too.
import { DateTime } from 'luxon';
import { expandOccurrences, occurrencesAround, occurrenceEnd, type Occurrence } from '../../../../tasks/shared/office-hour-schedule/expand-occurrences';
import { occurrenceChanges } from '../../../../tasks/shared/office-hour-schedule/occurrence-changes';
import type { Session } from '../../../../tasks/shared/office-hour-schedule/session';
import { seededRandom } from '../../../support/seeded-random';

const SEED = 20261206;
const SESSIONS = 120;

const ZONES = ['America/New_York', 'Australia/Sydney', 'America/Santiago', 'Pacific/Chatham', 'Asia/Kolkata', 'Europe/London', 'Australia/Lord_Howe', 'UTC'];
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
/** Wall times near the DST changes of these zones are drawn often, so gaps and overlaps are hit. */
const TRICKY_TIMES = ['00:00', '00:30', '01:30', '02:00', '02:30', '02:45', '03:00', '03:15', '23:30'];

// ---- The reference: a rule we generate, in our own terms, and a calendar walk over it ----

interface Rule {
  freq: 'DAILY' | 'WEEKLY' | 'MONTHLY';
  interval: number;
  /** WEEKLY: weekdays 1 (Monday) … 7; MONTHLY: with `nth`, the nth such weekday (-1 = last). */
  weekdays?: number[];
  nth?: number;
  /** MONTHLY without weekdays. */
  monthDay?: number;
  count?: number;
  /** Local wall time, inclusive. */
  until?: DateTime;
}

function ruleText(rule: Rule): string {
  const parts = [`FREQ=${rule.freq}`];
  if (rule.interval > 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.weekdays) parts.push(`BYDAY=${rule.weekdays.map((d) => `${rule.nth ?? ''}${WEEKDAYS[d - 1]}`).join(',')}`);
  if (rule.monthDay) parts.push(`BYMONTHDAY=${rule.monthDay}`);
  if (rule.count) parts.push(`COUNT=${rule.count}`);
  if (rule.until) parts.push(`UNTIL=${rule.until.toFormat("yyyyMMdd'T'HHmmss")}`);
  return parts.join(';');
}

/** Does the calendar day `day` (luxon, UTC as a plain calendar) match the rule, counted from `first`? */
function dayMatches(rule: Rule, first: DateTime, day: DateTime): boolean {
  if (rule.freq === 'DAILY') return Math.round(day.diff(first.startOf('day'), 'days').days) % rule.interval === 0;
  if (rule.freq === 'WEEKLY') {
    const weeks = Math.round(day.startOf('week').diff(first.startOf('week'), 'weeks').weeks);
    return weeks % rule.interval === 0 && (rule.weekdays ?? [first.weekday]).includes(day.weekday);
  }
  const months = (day.year - first.year) * 12 + day.month - first.month;
  if (months % rule.interval !== 0) return false;
  if (rule.monthDay !== undefined) return day.day === rule.monthDay;
  if (!rule.weekdays!.includes(day.weekday)) return false;
  const nth = rule.nth!;
  return nth > 0 ? Math.ceil(day.day / 7) === nth : day.day + 7 > day.daysInMonth!;
}

/** The rule's wall times (as UTC-calendar DateTimes) from `first` up to `last`, day by day. */
function referenceWallTimes(rule: Rule, first: DateTime, last: DateTime): DateTime[] {
  const found: DateTime[] = [];
  for (let day = first.startOf('day'); day <= last; day = day.plus({ days: 1 })) {
    if (!dayMatches(rule, first, day)) continue;
    const wall = day.set({ hour: first.hour, minute: first.minute });
    if (wall < first || (rule.until && wall > rule.until)) continue;
    found.push(wall);
    if (rule.count && found.length === rule.count) break;
  }
  return found;
}

const instants = new Map<string, number>();

/** The instant of a wall time in `zone`: the first instant showing it, or in a gap the offset just before. */
function referenceInstant(wall: DateTime, zone: string): number {
  const key = `${zone} ${wall.toMillis()}`;
  if (!instants.has(key)) instants.set(key, searchInstant(wall, zone));
  return instants.get(key)!;
}

function searchInstant(wall: DateTime, zone: string): number {
  const target = wall.toMillis(); // the wall time's fields as if UTC
  const shown = (instant: number) => DateTime.fromMillis(instant, { zone }).setZone('utc', { keepLocalTime: true }).toMillis();
  let previous = target - 15 * 3_600_000;
  for (let instant = previous; instant <= target + 15 * 3_600_000; instant += 15 * 60_000) {
    const local = shown(instant);
    if (local === target) return instant;
    if (local > target) {
      // Jumped over it: a gap. Read it at the offset of the instant before the jump.
      return target - (shown(previous) - previous);
    }
    previous = instant;
  }
  throw new Error(`no instant found for ${wall.toISO()} in ${zone}`);
}

// ---- Generated sessions ----

interface Generated {
  session: Session;
  rule: Rule;
  first: DateTime;
  cancelled: DateTime[];
  moves: { from: DateTime; to: DateTime }[];
}

function generate(random: () => number, index: number): Generated {
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const freq = pick(['DAILY', 'WEEKLY', 'WEEKLY', 'WEEKLY', 'MONTHLY', 'MONTHLY'] as const);
  const rule: Rule = { freq, interval: 1 + Math.floor(random() * (freq === 'DAILY' ? 3 : 2)) };
  if (freq === 'WEEKLY' && random() < 0.6) rule.weekdays = [...new Set([1 + Math.floor(random() * 7), 1 + Math.floor(random() * 7)])].sort();
  if (freq === 'MONTHLY' && random() < 0.5) rule.monthDay = 1 + Math.floor(random() * 31);
  else if (freq === 'MONTHLY') [rule.weekdays, rule.nth] = [[1 + Math.floor(random() * 7)], pick([1, 2, 3, 4, -1])];
  const [hour, minute] = (random() < 0.6 ? pick(TRICKY_TIMES) : `${String(Math.floor(random() * 24)).padStart(2, '0')}:${pick(['00', '15', '40'])}`).split(':').map(Number);
  const dayOfStart = DateTime.fromObject({ year: 2025, month: 6, day: 1 }, { zone: 'utc' }).plus({ days: Math.floor(random() * 500) });
  // The first wall time that matches the rule: rrule (and RFC 5545 in practice) only list DTSTART when it does.
  let first = dayOfStart.set({ hour, minute });
  while (!dayMatches(rule, first, first.startOf('day'))) first = first.plus({ days: 1 });
  if (random() < 0.3) rule.count = 2 + Math.floor(random() * 30);
  else if (random() < 0.3) rule.until = first.plus({ days: 20 + Math.floor(random() * 300) }).set({ hour: Math.floor(random() * 24) });
  const zone = pick(ZONES);
  const walls = referenceWallTimes(rule, first, first.plus({ years: 2 }));
  // A few cancelled, and a few moved by up to 3 hours on a daily-or-rarer rule of short sessions,
  // which cannot overlap a neighbour (occurrences are at least a day apart, sessions last ≤ 60 minutes).
  const cancelled = walls.filter(() => random() < 0.05);
  const moves = walls
    .filter((wall) => !cancelled.some((c) => +c === +wall) && random() < 0.05)
    .map((wall) => ({ from: wall, to: wall.plus({ minutes: (Math.floor(random() * 13) - 6) * 30 || 30 }) }));
  const text = (wall: DateTime) => wall.toFormat("yyyy-MM-dd'T'HH:mm");
  const session: Session = {
    id: `g${index}`,
    page: 'Department',
    start: text(first),
    timeZone: zone,
    durationMinutes: 15 + Math.floor(random() * 4) * 15,
    language: 'en',
    link: `https://meet.example.org/g${index}`,
    rrule: ruleText(rule),
    ...(cancelled.length ? { exdate: cancelled.map(text) } : {}),
    ...(moves.length ? { overrides: moves.map((m) => ({ occurrence: text(m.from), start: text(m.to) })) } : {}),
  };
  return { session, rule, first, cancelled, moves };
}

interface Row {
  id: string;
  start: string;
  cancelled: boolean;
  movedFrom?: string;
}

const iso = (instant: number) => new Date(instant).toISOString().replace('.000Z', 'Z');

function referenceRows(g: Generated, from: Date, to: Date): Row[] {
  const zone = g.session.timeZone;
  return referenceWallTimes(g.rule, g.first, DateTime.fromJSDate(to, { zone: 'utc' }).plus({ days: 2 }))
    .map((wall): Row => {
      const scheduled = referenceInstant(wall, zone);
      const move = g.moves.find((m) => +m.from === +wall);
      const start = move ? referenceInstant(move.to, zone) : scheduled;
      return {
        id: `${g.session.id}@${iso(scheduled)}`,
        start: iso(start),
        cancelled: g.cancelled.some((c) => +c === +wall),
        ...(move ? { movedFrom: iso(scheduled) } : {}),
      };
    })
    .filter((row) => Date.parse(row.start) >= from.getTime() && Date.parse(row.start) < to.getTime());
}

const rowOf = (o: Occurrence): Row => ({
  id: o.id,
  start: iso(o.start.getTime()),
  cancelled: o.cancelled === true,
  ...(o.movedFrom ? { movedFrom: iso(o.movedFrom.getTime()) } : {}),
});
const byStartThenId = (a: Row, b: Row) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id);

describe('expansion agrees with an independent day-by-day computation', () => {
  const random = seededRandom(SEED);
  const generated = Array.from({ length: SESSIONS }, (_, index) => generate(random, index));
  const from = new Date('2025-09-01T00:00:00Z');
  const to = new Date('2027-01-01T00:00:00Z');

  it(`for ${SESSIONS} sessions from seed ${SEED}, every occurrence, cancellation and move`, () => {
    let compared = 0;
    for (const g of generated) {
      expect(occurrenceChanges(g.session).problems).toEqual([]);
      const expected = referenceRows(g, from, to).sort(byStartThenId);
      expect({ session: g.session, rows: expandOccurrences([g.session], from, to).map(rowOf) }).toEqual({ session: g.session, rows: expected });
      compared += expected.length;
    }
    // The sample is not empty and reaches the cases it is for.
    expect(compared).toBeGreaterThan(1500);
    expect(generated.filter((g) => g.cancelled.length > 0).length).toBeGreaterThan(10);
    expect(generated.filter((g) => g.moves.length > 0).length).toBeGreaterThan(10);
  });

  it('and occurrencesAround picks the same next and past ones, for random clocks before, inside and after the window', () => {
    const pick = seededRandom(SEED + 1);
    const groups = Array.from({ length: 15 }, (_, index) => generated.slice(index * 8, index * 8 + 8));
    let cancelledShownNext = 0;
    for (const group of groups) {
      const windowFrom = new Date(from.getTime() + pick() * 200 * 86_400_000);
      const now = new Date(windowFrom.getTime() + (pick() - 0.2) * 300 * 86_400_000);
      const windowTo = new Date(Math.max(now.getTime(), windowFrom.getTime()) + 120 * 86_400_000);
      const counts = { upcoming: 1 + Math.floor(pick() * 5), past: Math.floor(pick() * 6) };
      const all = group.flatMap((g) => referenceRows(g, windowFrom, windowTo).map((row) => ({ row, minutes: g.session.durationMinutes })));
      all.sort((a, b) => byStartThenId(a.row, b.row));
      const ended = ({ row, minutes }: { row: Row; minutes: number }) => Date.parse(row.start) + minutes * 60_000 <= now.getTime();
      const around = occurrencesAround(group.map((g) => g.session), now, windowFrom, windowTo, counts);
      // Upcoming: the next `counts.upcoming` held sessions, and the cancelled ones before the last of them.
      const notEnded = all.filter((x) => !ended(x));
      const held = notEnded.filter((x) => !x.row.cancelled);
      const lastHeld = counts.upcoming === 0 ? -1 : held.length >= counts.upcoming ? notEnded.indexOf(held[counts.upcoming - 1]!) : notEnded.length - 1;
      cancelledShownNext += around.upcoming.filter((o) => o.cancelled).length;
      expect({ upcoming: around.upcoming.map(rowOf), past: around.past.map(rowOf) }).toEqual({
        upcoming: notEnded.slice(0, lastHeld + 1).map((x) => x.row),
        past: all.filter(ended).reverse().slice(0, counts.past).map((x) => x.row),
      });
      expect(around.upcoming.every((o) => occurrenceEnd(o) > now)).toBe(true);
    }
    // Cancelled sessions among the next ones were met (they are listed but take no place).
    expect(cancelledShownNext).toBeGreaterThan(0);
  });
});
