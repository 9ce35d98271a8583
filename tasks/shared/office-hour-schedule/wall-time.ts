// Local wall time ("2026-03-08T02:30" in a zone) and the instant it names, by RFC 5545 §3.3.5:
// a wall time that happens twice (clocks going back) is the first of the two instants, and one that
// does not happen (clocks going forward) is read with the UTC offset in force before the gap.
// Only the zone's own rules are asked (luxon's IANAZone, through Intl with an explicit zone): the
// answer depends neither on the machine's TZ nor on the clock. luxon's DateTime.fromObject guesses
// an ambiguous time from the offset in force *now*, which is why it is not used here.
import { FixedOffsetZone, IANAZone, type Zone } from 'luxon';

/**
 * A wall time is kept as "floating" milliseconds: its fields written as if they were UTC
 * (Date.UTC(year, month - 1, day, hour, minute)). rrule expands recurrences on these.
 */
export type FloatingMs = number;

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/;

/**
 * `YYYY-MM-DD` or `YYYY-MM-DDTHH:mm` as floating ms, or null when it is not a real date and time
 * (2026-02-30, 24:00). `hasTime` says which of the two forms it was.
 */
export function parseWallTime(text: string): { floating: FloatingMs; hasTime: boolean } | null {
  const match = WALL_TIME.exec(text.trim());
  if (!match) return null;
  const [year, month, day, hour, minute] = [match[1], match[2], match[3], match[4] ?? '0', match[5] ?? '0'].map(Number);
  const floating = Date.UTC(year!, month! - 1, day!, hour!, minute!);
  const back = new Date(floating);
  // Date.UTC rolls 30 February over to 2 March and 24:00 to the next day: a real time survives the round trip.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month! - 1 || back.getUTCDate() !== day) return null;
  if (back.getUTCHours() !== hour || back.getUTCMinutes() !== minute) return null;
  return { floating, hasTime: match[4] !== undefined };
}

/** `YYYY-MM-DDTHH:mm` of a floating time (its local date and time). */
export function floatingText(floating: FloatingMs): string {
  return new Date(floating).toISOString().slice(0, 16);
}

/** A zone, and the offsets it gave at the instants asked (sessions at the same wall times ask the same ones). */
interface KnownZone {
  zone: Zone;
  offsets: Map<number, number>;
}

const zones = new Map<string, KnownZone>();

/**
 * IANA's names for UTC itself (its `etcetera` and `backward` files link them to Etc/UTC), whose
 * offset is 0 at every instant: luxon's IANAZone would ask Intl, whose first Intl.DateTimeFormat maps
 * about 9.5 MB of ICU's locale data (a talk-reminders run at 1,000 pages, 2026-12-07), for a zone
 * many Meta schedules use.
 */
const UTC_NAMES: ReadonlySet<string> = new Set(['UTC', 'Etc/UTC', 'Etc/UCT', 'Etc/Universal', 'Etc/Zulu', 'UCT', 'Universal', 'Zulu']);

/** Offsets kept per zone at most: a schedule's distinct instants in a run are far fewer. */
const OFFSETS_KEPT = 50_000;

function zoneNamed(name: string): KnownZone {
  let known = zones.get(name);
  if (!known) {
    known = { zone: UTC_NAMES.has(name) ? FixedOffsetZone.utcInstance : IANAZone.create(name), offsets: new Map() };
    zones.set(name, known);
  }
  return known;
}

/** The zone's UTC offset at an instant, in minutes east of UTC: each new answer is an Intl formatting (luxon's partsOffset took 0.9 s of office-hours at 10,000 pages). */
function offsetAt(zoneName: string, instant: number): number {
  const { zone, offsets } = zoneNamed(zoneName);
  let offset = offsets.get(instant);
  if (offset === undefined) {
    if (offsets.size >= OFFSETS_KEPT) offsets.clear();
    offset = zone.offset(instant);
    offsets.set(instant, offset);
  }
  return offset;
}

/**
 * The instant (epoch ms) that a wall time in `zoneName` names, by RFC 5545: of two instants the
 * first, and in a gap the offset from before the gap (02:30 on the day New York springs forward is
 * 07:30 UTC, i.e. 03:30 EDT). The offsets a day either side bound the ones that can apply: no zone
 * changes its offset twice within two days (Temporal's disambiguation rests on the same fact).
 */
export function instantOf(floating: FloatingMs, zoneName: string): number {
  const before = offsetAt(zoneName, floating - DAY_MS);
  const after = offsetAt(zoneName, floating + DAY_MS);
  // No change within the two days (nearly every time): one offset, and asking the zone about
  // it again would only double the cost (each answer is an Intl formatting).
  if (before === after) return floating - before * MINUTE_MS;
  let earliest = Infinity;
  for (const offset of [before, after]) {
    const instant = floating - offset * MINUTE_MS;
    if (offsetAt(zoneName, instant) === offset) earliest = Math.min(earliest, instant);
  }
  return earliest === Infinity ? floating - before * MINUTE_MS : earliest;
}
