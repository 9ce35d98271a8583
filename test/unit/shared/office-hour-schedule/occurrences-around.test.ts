import { expandOccurrences, occurrenceEnd, occurrencesAround, type Occurrence } from '../../../../tasks/shared/office-hour-schedule/expand-occurrences';
import type { Session } from '../../../../tasks/shared/office-hour-schedule/session';

/** The lists as they were computed before occurrencesAround: every occurrence expanded, then filtered. */
function byFullExpansion(all: Occurrence[], now: Date, counts: { upcoming: number; past: number }) {
  const hasEnded = (o: Occurrence) => occurrenceEnd(o) <= now;
  return {
    upcoming: all.filter((o) => !hasEnded(o)).slice(0, counts.upcoming),
    past: all.filter(hasEnded).reverse().slice(0, counts.past),
  };
}

function session(id: string, start: string, timeZone: string, rrule: string | undefined, durationMinutes = 60): Session {
  return { id, page: 'Department', start, timeZone, durationMinutes, language: 'en', link: `https://meet.example.org/${id}`, ...(rrule ? { rrule } : {}) };
}

// Zones at both ends of the offset range, with and without DST, and rules that land on DST changes:
// 02:30 does not exist in New York on 8 March 2026 (moved to 03:30), 01:30 happens twice on 1 November.
const zones = ['UTC', 'America/New_York', 'Europe/London', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Australia/Lord_Howe', 'Asia/Kolkata'];
const rules: [string, string | undefined, number][] = [
  ['2026-01-08T16:00', 'FREQ=MONTHLY;BYDAY=2TH', 60],
  ['2025-11-02T01:30', 'FREQ=WEEKLY', 90],
  ['2026-03-01T02:30', 'FREQ=DAILY', 30],
  ['2026-03-01T23:30', 'FREQ=DAILY;BYHOUR=2,3,23;BYMINUTE=30', 45],
  ['2020-01-06T15:00', 'FREQ=WEEKLY;BYDAY=MO,TH', 1440],
  ['2024-02-29T12:00', 'FREQ=YEARLY', 120],
  ['2026-01-01T09:00', 'FREQ=DAILY;COUNT=40', 60],
  ['2026-03-08T02:30', undefined, 60],
  ['2026-11-01T01:30', undefined, 60],
];
const nows = ['2026-03-08T07:00:00Z', '2026-03-08T07:29:00Z', '2026-11-01T05:45:00Z', '2026-11-01T06:31:00Z', '2026-02-10T00:00:00Z', '2027-01-01T00:00:00Z'];
const cases = zones.flatMap((zone) => nows.map((now) => [zone, now] as const));

describe('occurrencesAround', () => {
  const from = new Date(Date.UTC(2000, 0, 1));
  it.each(cases)('gives the same lists as expanding everything, in %s at %s', (zone, nowText) => {
    const now = new Date(nowText);
    const to = new Date(now.getTime() + 90 * 86_400_000);
    const sessions = rules.map(([start, rrule, duration], index) => session(`s${index}`, start, zone, rrule, duration));
    // One session at a time and all together (ties across sessions are broken by id).
    for (const group of [...sessions.map((s) => [s]), sessions]) {
      const all = expandOccurrences(group, from, to);
      for (const counts of [{ upcoming: 3, past: 5 }, { upcoming: 1, past: 0 }, { upcoming: 0, past: 2 }, { upcoming: 20, past: 50 }]) {
        expect(occurrencesAround(group, now, from, to, counts)).toEqual(byFullExpansion(all, now, counts));
      }
    }
  });

  it('counts an occurrence as upcoming until the moment it ends', () => {
    const weekly = [session('w', '2026-03-05T15:00', 'America/New_York', 'FREQ=WEEKLY')];
    const counts = { upcoming: 1, past: 1 };
    // 12 March 15:00 New York is 19:00 UTC (DST began on 8 March).
    const during = occurrencesAround(weekly, new Date('2026-03-12T19:59:00Z'), from, new Date('2027-01-01T00:00:00Z'), counts);
    const after = occurrencesAround(weekly, new Date('2026-03-12T20:00:00Z'), from, new Date('2027-01-01T00:00:00Z'), counts);
    expect([during.upcoming[0]?.id, during.past[0]?.id]).toEqual(['w@2026-03-12T19:00:00Z', 'w@2026-03-05T20:00:00Z']);
    expect([after.upcoming[0]?.id, after.past[0]?.id]).toEqual(['w@2026-03-19T19:00:00Z', 'w@2026-03-12T19:00:00Z']);
  });
});
