// RFC 5545 wall time: a time in a DST gap is read with the offset from before the gap (for that
// occurrence only), a time that happens twice is the first instant, and neither the machine's zone
// nor the clock changes the answer. The expected instants were read off the zones' transitions
// (tzdata as shipped with Node's ICU), not computed by the code under test.
import { expandOccurrences, occurrencesAround } from '../../../../tasks/shared/office-hour-schedule/expand-occurrences';
import type { Session } from '../../../../tasks/shared/office-hour-schedule/session';
import { instantOf, parseWallTime } from '../../../../tasks/shared/office-hour-schedule/wall-time';
import { IANAZone } from 'luxon';

function session(start: string, timeZone: string, rrule?: string): Session {
  return { id: 's', page: 'Department', start, timeZone, durationMinutes: 30, language: 'en', link: 'https://meet.example.org/s', ...(rrule ? { rrule } : {}) };
}

const YEARS: [Date, Date] = [new Date('2025-01-01T00:00:00Z'), new Date('2028-01-01T00:00:00Z')];
const startsOf = (s: Session) => expandOccurrences([s], ...YEARS).map((o) => o.start.toISOString());
const placed = (wall: string, zone: string) => new Date(instantOf(parseWallTime(wall)!.floating, zone)).toISOString();

// [zone, wall time, class, expected instant]
const EDGES: [string, string, string, string][] = [
  // New York: clocks go 02:00 EST → 03:00 EDT on 8 March 2026, 02:00 EDT → 01:00 EST on 1 November.
  ['America/New_York', '2026-03-08T02:30', 'gap', '2026-03-08T07:30:00.000Z'],
  ['America/New_York', '2026-03-08T01:59', 'before the gap', '2026-03-08T06:59:00.000Z'],
  ['America/New_York', '2026-03-08T03:00', 'after the gap', '2026-03-08T07:00:00.000Z'],
  ['America/New_York', '2026-11-01T01:30', 'twice (first is EDT)', '2026-11-01T05:30:00.000Z'],
  ['America/New_York', '2026-11-01T02:00', 'after the overlap', '2026-11-01T07:00:00.000Z'],
  // Sydney: 03:00 AEDT → 02:00 AEST on 5 April 2026; 02:00 AEST → 03:00 AEDT on 4 October.
  ['Australia/Sydney', '2026-04-05T02:30', 'twice (first is AEDT, +11)', '2026-04-04T15:30:00.000Z'],
  ['Australia/Sydney', '2026-10-04T02:30', 'gap (read at +10)', '2026-10-03T16:30:00.000Z'],
  ['Australia/Sydney', '2026-10-04T03:00', 'after the gap', '2026-10-03T16:00:00.000Z'],
  // Santiago changes at midnight: 24:00 −03 → 23:00 −04 on 4 April 2026; 24:00 −04 → 01:00 −03 on 6 September.
  ['America/Santiago', '2026-04-04T23:30', 'twice (first is −03)', '2026-04-05T02:30:00.000Z'],
  ['America/Santiago', '2026-09-06T00:00', 'gap at midnight (read at −04)', '2026-09-06T04:00:00.000Z'],
  ['America/Santiago', '2026-09-06T00:30', 'gap (read at −04)', '2026-09-06T04:30:00.000Z'],
  ['America/Santiago', '2026-09-06T01:00', 'after the gap', '2026-09-06T04:00:00.000Z'],
  // Chatham, +12:45/+13:45, changes at 02:45 standard time: 03:45 → 02:45 on 5 April 2026; 02:45 → 03:45 on 27 September.
  ['Pacific/Chatham', '2026-04-05T03:00', 'twice (first is +13:45)', '2026-04-04T13:15:00.000Z'],
  ['Pacific/Chatham', '2026-04-05T02:44', 'before the overlap', '2026-04-04T12:59:00.000Z'],
  ['Pacific/Chatham', '2026-09-27T03:00', 'gap (read at +12:45)', '2026-09-26T14:15:00.000Z'],
  ['Pacific/Chatham', '2026-09-27T03:45', 'after the gap', '2026-09-26T14:00:00.000Z'],
  // Kolkata has no DST: +05:30 all year, also on the days other zones change.
  ['Asia/Kolkata', '2026-03-08T02:30', 'a plain time', '2026-03-07T21:00:00.000Z'],
  ['Asia/Kolkata', '2026-11-01T01:30', 'a plain time', '2026-10-31T20:00:00.000Z'],
];

describe('wall time by RFC 5545', () => {
  it.each(EDGES)('%s %s (%s) is %s', (zone, wall, _class, instant) => {
    expect(placed(wall, zone)).toBe(instant);
    expect(startsOf(session(wall, zone))).toEqual([instant]);
  });

  it('moves only the occurrence that falls in a gap, not the rest of the series (the issue\'s example)', () => {
    expect(startsOf(session('2026-03-08T02:30', 'America/New_York', 'FREQ=WEEKLY;COUNT=3'))).toEqual([
      '2026-03-08T07:30:00.000Z',
      '2026-03-15T06:30:00.000Z',
      '2026-03-22T06:30:00.000Z',
    ]);
  });

  it.each([
    ['Australia/Sydney', '2026-09-27T02:30', ['2026-09-26T16:30:00.000Z', '2026-10-03T16:30:00.000Z', '2026-10-10T15:30:00.000Z']],
    ['America/Santiago', '2026-08-30T00:30', ['2026-08-30T04:30:00.000Z', '2026-09-06T04:30:00.000Z', '2026-09-13T03:30:00.000Z']],
    ['Pacific/Chatham', '2026-09-20T03:00', ['2026-09-19T14:15:00.000Z', '2026-09-26T14:15:00.000Z', '2026-10-03T13:15:00.000Z']],
    ['Pacific/Chatham', '2026-03-29T03:00', ['2026-03-28T13:15:00.000Z', '2026-04-04T13:15:00.000Z', '2026-04-11T14:15:00.000Z']],
  ])('a weekly series in %s from %s crosses a DST change a week later', (zone, start, expected) => {
    expect(startsOf(session(start, zone, 'FREQ=WEEKLY;COUNT=3'))).toEqual(expected);
  });

  it('gives the same instants whatever the machine\'s zone and whatever the clock says', () => {
    const sessions = EDGES.map(([zone, wall], index) => ({ ...session(wall, zone, 'FREQ=YEARLY;COUNT=2'), id: `e${index}` }));
    const savedZone = process.env.TZ;
    const answers = new Set<string>();
    try {
      for (const machineZone of ['UTC', 'America/New_York', 'Australia/Sydney', 'Pacific/Chatham', 'Asia/Kolkata']) {
        process.env.TZ = machineZone; // Node applies a new TZ at once
        for (const clock of ['2026-01-15T12:00:00Z', '2026-07-15T12:00:00Z', '2026-11-01T05:45:00Z']) {
          jest.useFakeTimers({ now: new Date(clock) });
          answers.add(JSON.stringify(expandOccurrences(sessions, ...YEARS).map((o) => o.id)));
          jest.useRealTimers();
        }
      }
    } finally {
      process.env.TZ = savedZone;
      jest.useRealTimers();
    }
    expect(answers.size).toBe(1);
    expect(JSON.parse([...answers][0]!)).toContain('e3@2026-11-01T05:30:00Z');
  });

  it.each(['2026-02-30T10:00', '2026-03-08T24:00', '2026-3-8T10:00', '2026-03-08T10:00Z'])('refuses "%s" as a wall time', (text) => {
    expect(parseWallTime(text)).toBeNull();
  });
});

describe('occurrencesAround when now is before from', () => {
  it('still gives as many upcoming occurrences as asked', () => {
    // Tuesdays 20:00 in Kolkata (14:30 UTC). The Tuesday before `from` (9 June) is before the window;
    // it used to be counted as one of the next three, so the walk stopped after two.
    const weekly = session('2026-01-06T20:00', 'Asia/Kolkata', 'FREQ=WEEKLY');
    const from = new Date('2026-06-10T00:00:00Z');
    const around = occurrencesAround([weekly], new Date('2026-06-01T00:00:00Z'), from, new Date('2026-08-01T00:00:00Z'), { upcoming: 3, past: 2 });
    expect(around.upcoming.map((o) => o.start.toISOString())).toEqual([
      '2026-06-16T14:30:00.000Z',
      '2026-06-23T14:30:00.000Z',
      '2026-06-30T14:30:00.000Z',
    ]);
    expect(around.past).toEqual([]);
  });
});

describe('a schedule in UTC', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('places wall times under each of IANA\'s names for UTC as luxon\'s zone does, without asking Intl', () => {
    const names = ['UTC', 'Etc/UTC', 'Etc/UCT', 'Etc/Universal', 'Etc/Zulu', 'UCT', 'Universal', 'Zulu'];
    const walls = ['2026-03-08T02:30', '2026-11-01T01:30', '2027-06-30T23:59'];
    const expected = walls.map((wall) => {
      const { floating } = parseWallTime(wall)!;
      return new Date(floating - IANAZone.create('Etc/UTC').offset(floating) * 60_000).toISOString();
    });
    const formatters = jest.spyOn(Intl, 'DateTimeFormat');
    const collators = jest.spyOn(Intl, 'Collator');
    for (const name of names) expect(walls.map((wall) => placed(wall, name))).toEqual(expected);
    // A weekly UTC session through a year, with two sessions at the same times ordered by id.
    const weekly = [session('2026-01-06T16:00', 'UTC', 'FREQ=WEEKLY'), { ...session('2026-01-06T16:00', 'Etc/UTC', 'FREQ=WEEKLY'), id: 'r' }];
    const occurrences = expandOccurrences(weekly, new Date('2026-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z'));
    expect(occurrences).toHaveLength(104);
    expect(occurrences.slice(0, 2).map((o) => o.id)).toEqual(['r@2026-01-06T16:00:00Z', 's@2026-01-06T16:00:00Z']);
    expect(formatters).not.toHaveBeenCalled();
    expect(collators).not.toHaveBeenCalled();
  });
});
