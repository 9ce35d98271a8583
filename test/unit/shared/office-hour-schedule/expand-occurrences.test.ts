import { DateTime } from 'luxon';
import { expandOccurrences } from '../../../../tasks/shared/office-hour-schedule/expand-occurrences';
import type { Session } from '../../../../tasks/shared/office-hour-schedule/session';

function session(overrides: Partial<Session>): Session {
  return {
    id: 's',
    page: 'Department',
    start: '2026-03-05T15:00',
    timeZone: 'America/New_York',
    durationMinutes: 60,
    language: 'en',
    link: 'https://meet.example.org/s',
    ...overrides,
  };
}

const ALL_OF_2026: [Date, Date] = [new Date('2026-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z')];
const startsOf = (sessions: Session[], [from, to] = ALL_OF_2026) => expandOccurrences(sessions, from, to).map((o) => o.start.toISOString());

describe('expandOccurrences', () => {
  // US clocks go forward on 8 March 2026 and back on 1 November 2026: 15:00 in New York is
  // 20:00 UTC in winter (EST, UTC−5) and 19:00 UTC in summer (EDT, UTC−4).
  it.each([
    ['the Thursday before DST starts', '2026-03-05T15:00', '2026-03-05T20:00:00.000Z'],
    ['the Thursday after DST starts', '2026-03-12T15:00', '2026-03-12T19:00:00.000Z'],
    ['the Thursday before DST ends', '2026-10-29T15:00', '2026-10-29T19:00:00.000Z'],
    ['the Thursday after DST ends', '2026-11-05T15:00', '2026-11-05T20:00:00.000Z'],
  ])('places a 15:00 America/New_York session on %s at the right UTC time', (_when, start, utc) => {
    expect(startsOf([session({ start })])).toEqual([utc]);
  });

  it('keeps a weekly recurrence at 15:00 New York time across both DST changes', () => {
    const weekly = session({ start: '2026-02-26T15:00', rrule: 'FREQ=WEEKLY' });
    const starts = expandOccurrences([weekly], ...ALL_OF_2026);
    expect(starts.length).toBe(45); // 26 Feb to 31 Dec 2026, every Thursday
    for (const o of starts) {
      const local = DateTime.fromJSDate(o.start, { zone: 'America/New_York' });
      expect([local.weekday, local.hour, local.minute]).toEqual([4, 15, 0]);
    }
    const byDay = new Map(starts.map((o) => [o.start.toISOString().slice(0, 10), o.start.toISOString().slice(11, 16)]));
    expect([byDay.get('2026-03-05'), byDay.get('2026-03-12'), byDay.get('2026-10-29'), byDay.get('2026-11-05')]).toEqual([
      '20:00',
      '19:00',
      '19:00',
      '20:00',
    ]);
  });

  it('expands a monthly "first Tuesday" RRULE', () => {
    const monthly = session({ id: 'first-tuesday', start: '2026-01-06T16:00', timeZone: 'Europe/London', rrule: 'FREQ=MONTHLY;BYDAY=1TU' });
    const occurrences = expandOccurrences([monthly], ...ALL_OF_2026);
    expect(occurrences.length).toBe(12);
    for (const o of occurrences) {
      const local = DateTime.fromJSDate(o.start, { zone: 'Europe/London' });
      expect(local.weekday).toBe(2);
      expect(local.day).toBeLessThanOrEqual(7);
      expect(local.hour).toBe(16);
    }
    // British Summer Time, 29 March to 25 October 2026, puts 16:00 London at 15:00 UTC.
    expect(occurrences.slice(2, 4).map((o) => o.id)).toEqual(['first-tuesday@2026-03-03T16:00:00Z', 'first-tuesday@2026-04-07T15:00:00Z']);
  });

  it('honours COUNT and UNTIL, and a rule given with its RRULE: prefix', () => {
    expect(startsOf([session({ start: '2026-01-01T09:00', timeZone: 'UTC', rrule: 'RRULE:FREQ=DAILY;COUNT=3' })])).toEqual([
      '2026-01-01T09:00:00.000Z',
      '2026-01-02T09:00:00.000Z',
      '2026-01-03T09:00:00.000Z',
    ]);
    expect(startsOf([session({ start: '2026-01-01T09:00', timeZone: 'UTC', rrule: 'FREQ=WEEKLY;UNTIL=20260115T090000' })])).toHaveLength(3);
  });

  it('returns only occurrences starting in [from, to), sorted across sessions', () => {
    const sessions = [
      session({ id: 'b', start: '2026-06-01T12:00', timeZone: 'UTC', rrule: 'FREQ=DAILY' }),
      session({ id: 'a', start: '2026-06-02T06:00', timeZone: 'UTC' }),
    ];
    const found = expandOccurrences(sessions, new Date('2026-06-02T00:00:00Z'), new Date('2026-06-03T12:00:00Z'));
    expect(found.map((o) => o.id)).toEqual(['a@2026-06-02T06:00:00Z', 'b@2026-06-02T12:00:00Z']);
  });

  it('carries the session details into each occurrence', () => {
    const [occurrence] = expandOccurrences(
      [session({ notes: 'Topic: hubs', recording: 'https://commons.wikimedia.org/wiki/File:x.webm' })],
      ...ALL_OF_2026,
    );
    expect(occurrence).toEqual({
      id: 's@2026-03-05T20:00:00Z',
      sessionId: 's',
      page: 'Department',
      start: new Date('2026-03-05T20:00:00Z'),
      durationMinutes: 60,
      language: 'en',
      link: 'https://meet.example.org/s',
      notes: 'Topic: hubs',
      recording: 'https://commons.wikimedia.org/wiki/File:x.webm',
      timeZone: 'America/New_York',
    });
  });
});
