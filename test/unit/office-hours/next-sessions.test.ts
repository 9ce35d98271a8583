import { pageSessions } from '../../../tasks/office-hours/next-sessions';
import { NOTHING_UPCOMING, renderSchedule } from '../../../tasks/office-hours/render-schedule';
import type { Session } from '../../../tasks/shared/office-hour-schedule/session';

const base: Session = {
  id: 'weekly',
  page: 'Community Resilience and Sustainability',
  start: '2026-01-07T17:00',
  timeZone: 'UTC',
  durationMinutes: 60,
  language: 'en',
  link: 'https://meet.example.org/weekly',
  rrule: 'FREQ=WEEKLY',
};
const limits = { upcoming: 3, horizonDays: 366, past: 5 };
const ids = (list: { id: string }[]) => list.map((o) => o.id);

describe('pageSessions', () => {
  it.each([
    ['during the session (one minute before its end)', 'upcoming', '2026-03-04T17:59:00Z'],
    ['the moment it ends', 'past', '2026-03-04T18:00:00Z'],
    ['one minute after it ends', 'past', '2026-03-04T18:01:00Z'],
  ])('lists a session %s as %s', (_when, list, now) => {
    const sessions = pageSessions([base], base.page, new Date(now), limits);
    const where = sessions.upcoming.some((o) => o.id === 'weekly@2026-03-04T17:00:00Z') ? 'upcoming' : 'past';
    expect(where).toBe(list);
    if (list === 'past') expect(sessions.past[0]?.id).toBe('weekly@2026-03-04T17:00:00Z');
  });

  it('lists the next sessions soonest first and the past ones newest first, both capped', () => {
    const sessions = pageSessions([base], base.page, new Date('2026-03-05T00:00:00Z'), { upcoming: 2, horizonDays: 366, past: 3 });
    expect(ids(sessions.upcoming)).toEqual(['weekly@2026-03-11T17:00:00Z', 'weekly@2026-03-18T17:00:00Z']);
    expect(ids(sessions.past)).toEqual(['weekly@2026-03-04T17:00:00Z', 'weekly@2026-02-25T17:00:00Z', 'weekly@2026-02-18T17:00:00Z']);
  });

  it('with nothing upcoming, says so plainly instead of announcing a past date', () => {
    const once: Session = { ...base, id: 'once', rrule: undefined, start: '2021-04-17T15:00' };
    const sessions = pageSessions([once], base.page, new Date('2026-03-05T00:00:00Z'), limits);
    expect(sessions.upcoming).toEqual([]);
    const body = renderSchedule(sessions, { translatable: false });
    expect(body.split('\n')[0]).toBe(NOTHING_UPCOMING);
    expect(body).toContain('Saturday, 17 April 2021, 15:00 UTC');
    expect(body).not.toContain('zonestamp');
  });

  it('looks no further ahead than the horizon', () => {
    const later: Session = { ...base, id: 'later', rrule: undefined, start: '2026-09-01T17:00' };
    expect(pageSessions([later], base.page, new Date('2026-03-05T00:00:00Z'), { ...limits, horizonDays: 90 }).upcoming).toEqual([]);
    expect(ids(pageSessions([later], base.page, new Date('2026-03-05T00:00:00Z'), limits).upcoming)).toEqual(['later@2026-09-01T17:00:00Z']);
  });

  it("keeps to the page's own sessions, matching titles as MediaWiki does", () => {
    const other: Session = { ...base, id: 'other', page: 'Movement communications insights' };
    const sessions = pageSessions([base, other], 'community_Resilience_and_Sustainability', new Date('2026-03-05T00:00:00Z'), limits);
    expect(new Set([...sessions.upcoming, ...sessions.past].map((o) => o.sessionId))).toEqual(new Set(['weekly']));
  });
});
