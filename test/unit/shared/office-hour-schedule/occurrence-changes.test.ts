// exdate and overrides: what they do to the occurrences, and how an entry that cannot be applied
// is reported (file or page, line, entry) and left out without losing the rest of its session.
import fs from 'node:fs';
import path from 'node:path';
import { expandOccurrences } from '../../../../tasks/shared/office-hour-schedule/expand-occurrences';
import { mergeSchedule, type OnWikiRead } from '../../../../tasks/shared/office-hour-schedule/merge-schedule';
import { occurrenceChanges } from '../../../../tasks/shared/office-hour-schedule/occurrence-changes';
import { readSchedule } from '../../../../tasks/shared/office-hour-schedule/schedule-file';
import { sessionSchema, type Session } from '../../../../tasks/shared/office-hour-schedule/session';
import type { PageState } from '../../../../src/wiki/client';
import { ConfigError } from '../../../../src/core/errors';
import { repoRoot, tempFile } from '../../../support/local-wiki';

/** First Tuesday of the month, 16:00 London: 3 March 2026 is 16:00 UTC, 7 April 15:00 UTC (BST). */
function monthly(changes: Partial<Session> = {}): Session {
  return {
    id: 'm',
    page: 'Department',
    start: '2026-01-06T16:00',
    timeZone: 'Europe/London',
    durationMinutes: 60,
    language: 'en',
    link: 'https://meet.example.org/m',
    rrule: 'FREQ=MONTHLY;BYDAY=1TU',
    ...changes,
  };
}

const SPRING: [Date, Date] = [new Date('2026-03-01T00:00:00Z'), new Date('2026-06-01T00:00:00Z')];
const summary = (session: Session, window = SPRING) =>
  expandOccurrences([session], ...window).map((o) => ({
    id: o.id,
    start: o.start.toISOString(),
    ...(o.cancelled ? { cancelled: true } : {}),
    ...(o.movedFrom ? { movedFrom: o.movedFrom.toISOString() } : {}),
  }));

describe('exdate and overrides', () => {
  it('cancels by local date or date and time, keeping the occurrence (marked) and its id', () => {
    expect(summary(monthly({ exdate: ['2026-04-07', '2026-05-05T16:00'] }))).toEqual([
      { id: 'm@2026-03-03T16:00:00Z', start: '2026-03-03T16:00:00.000Z' },
      { id: 'm@2026-04-07T15:00:00Z', start: '2026-04-07T15:00:00.000Z', cancelled: true },
      { id: 'm@2026-05-05T15:00:00Z', start: '2026-05-05T15:00:00.000Z', cancelled: true },
    ]);
  });

  it('moves one occurrence to Thursday: it keeps the id of the Tuesday it was scheduled for and says where it was', () => {
    expect(summary(monthly({ overrides: [{ occurrence: '2026-04-07', start: '2026-04-09T17:30' }] }))).toEqual([
      { id: 'm@2026-03-03T16:00:00Z', start: '2026-03-03T16:00:00.000Z' },
      { id: 'm@2026-04-07T15:00:00Z', start: '2026-04-09T16:30:00.000Z', movedFrom: '2026-04-07T15:00:00.000Z' },
      { id: 'm@2026-05-05T15:00:00Z', start: '2026-05-05T15:00:00.000Z' },
    ]);
  });

  it('finds a moved occurrence by its new time, in a window that does not hold the old one', () => {
    const moved = monthly({ overrides: [{ occurrence: '2026-02-03', start: '2026-03-02T10:00' }] });
    expect(summary(moved, [new Date('2026-03-01T00:00:00Z'), new Date('2026-03-03T00:00:00Z')])).toEqual([
      { id: 'm@2026-02-03T16:00:00Z', start: '2026-03-02T10:00:00.000Z', movedFrom: '2026-02-03T16:00:00.000Z' },
    ]);
    expect(summary(moved, [new Date('2026-02-01T00:00:00Z'), new Date('2026-02-28T00:00:00Z')])).toEqual([]);
  });

  it('moves into a DST gap by RFC 5545: read at the offset from before the gap', () => {
    const ny = monthly({ timeZone: 'America/New_York', start: '2026-01-06T10:00', overrides: [{ occurrence: '2026-03-03', start: '2026-03-08T02:30' }] });
    expect(summary(ny)[0]).toEqual({ id: 'm@2026-03-03T15:00:00Z', start: '2026-03-08T07:30:00.000Z', movedFrom: '2026-03-03T15:00:00.000Z' });
  });

  it('gives one occurrence other details without moving it', () => {
    const changed = monthly({
      overrides: [{ occurrence: '2026-03-03', durationMinutes: 90, link: 'https://meet.example.org/other', notes: 'Budget Q&A', recording: 'https://commons.wikimedia.org/wiki/File:m.webm' }],
    });
    const [first, second] = expandOccurrences([changed], ...SPRING);
    expect(first).toEqual({
      id: 'm@2026-03-03T16:00:00Z',
      sessionId: 'm',
      page: 'Department',
      start: new Date('2026-03-03T16:00:00Z'),
      durationMinutes: 90,
      language: 'en',
      link: 'https://meet.example.org/other',
      notes: 'Budget Q&A',
      recording: 'https://commons.wikimedia.org/wiki/File:m.webm',
      timeZone: 'Europe/London',
    });
    expect([second?.durationMinutes, second?.link, second?.notes]).toEqual([60, 'https://meet.example.org/m', undefined]);
  });

  it('cancels a one-off session too', () => {
    const once = monthly({ rrule: undefined, start: '2026-03-10T12:00', exdate: ['2026-03-10'] });
    expect(summary(once)).toEqual([{ id: 'm@2026-03-10T12:00:00Z', start: '2026-03-10T12:00:00.000Z', cancelled: true }]);
  });

  const twiceADay = monthly({ rrule: 'FREQ=DAILY;BYHOUR=9,16;BYMINUTE=0', start: '2026-03-01T09:00' });
  // [case, session, entry reported, message, [cancelled, changed] still applied]
  it.each<[string, Session, string, string, [number, number]]>([
    ['an exdate that is not an occurrence', monthly({ exdate: ['2026-04-08'] }), 'exdate.0', '"2026-04-08" is not an occurrence of this session, so there is nothing to cancel', [0, 0]],
    ['an exdate given twice', monthly({ exdate: ['2026-04-07', '2026-04-07T16:00'] }), 'exdate.1', '"2026-04-07T16:00" is already cancelled by an earlier exdate entry', [1, 0]],
    ['an override of an unknown occurrence', monthly({ overrides: [{ occurrence: '2026-04-08', notes: 'x' }] }), 'overrides.0', '"2026-04-08" is not an occurrence of this session', [0, 0]],
    ['an override naming a day with two occurrences', { ...twiceADay, overrides: [{ occurrence: '2026-03-02', notes: 'x' }] }, 'overrides.0', '"2026-03-02" has 2 occurrences (09:00, 16:00); give the date and time of the one to change', [0, 0]],
    ['an override of a cancelled occurrence', monthly({ exdate: ['2026-04-07'], overrides: [{ occurrence: '2026-04-07', notes: 'x' }] }), 'overrides.0', '"2026-04-07" is cancelled by exdate; remove one of the two', [1, 0]],
    ['two overrides of one occurrence', monthly({ overrides: [{ occurrence: '2026-04-07', notes: 'x' }, { occurrence: '2026-04-07T16:00', notes: 'y' }] }), 'overrides.1', '"2026-04-07T16:00" is already changed by overrides[0]; give one override per occurrence', [0, 1]],
    ['a move onto another occurrence', monthly({ overrides: [{ occurrence: '2026-04-07', start: '2026-05-05T16:30' }] }), 'overrides.0', 'the changed occurrence would overlap the occurrence of 2026-05-05T16:00', [0, 0]],
    ['two moves onto the same time', monthly({ overrides: [{ occurrence: '2026-04-07', start: '2026-04-20T10:00' }, { occurrence: '2026-05-05', start: '2026-04-20T10:30' }] }), 'overrides.1', 'the changed occurrence would overlap the changed occurrence of 2026-04-07T16:00', [0, 1]],
    ['a longer session running into the next', { ...twiceADay, overrides: [{ occurrence: '2026-03-02T09:00', durationMinutes: 480 }] }, 'overrides.0', 'the changed occurrence would overlap the occurrence of 2026-03-02T16:00', [0, 0]],
  ])('reports %s and applies the rest', (_case, session, path, message, applied) => {
    expect(sessionSchema.safeParse(session).success).toBe(true);
    const { problems, cancelled, changed } = occurrenceChanges(session);
    expect(problems.map((p) => [p.path.join('.'), p.message])).toEqual([[path, message]]);
    expect([cancelled.size, changed.size]).toEqual(applied);
  });

  it.each([
    [{ exdate: ['2026-02-30'] }, 'exdate.0', '"2026-02-30" is not a date and time that exists'],
    [{ exdate: ['7 April'] }, 'exdate.0', 'expected a local date "YYYY-MM-DD" or date and time "YYYY-MM-DDTHH:mm", without a zone offset'],
    [{ overrides: [{ occurrence: '2026-04-07' }] }, 'overrides.0', 'an override changes something: give start, durationMinutes, link, notes or recording (to cancel, use exdate)'],
    [{ overrides: [{ occurrence: '2026-04-07', start: '2026-04-09' }] }, 'overrides.0.start', 'expected the local date and time as "YYYY-MM-DDTHH:mm", without a zone offset'],
    [{ overrides: [{ occurrence: '2026-04-07', room: 'B' }] }, 'overrides.0', 'Unrecognized key: "room"'],
  ])('refuses a malformed entry in the schema: %j', (changes, path, message) => {
    const parsed = sessionSchema.safeParse(monthly(changes as Partial<Session>));
    expect(parsed.success ? [] : parsed.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([[path, message]]);
  });
});

describe('where bad entries are reported', () => {
  const yaml = `sessions:
  - id: crs
    page: Department
    start: 2026-01-06T16:00
    timeZone: Europe/London
    durationMinutes: 60
    language: en
    link: https://meet.example.org/crs
    rrule: FREQ=MONTHLY;BYDAY=1TU
    exdate:
      - 2026-04-07
      - 2026-04-08
    overrides:
      - occurrence: 2026-05-05
        start: 2026-05-07T16:00
      - occurrence: 2026-06-03
        notes: Typo in the date
  - id: other
    page: Department
    start: 2026-01-07T10:00
    timeZone: UTC
    durationMinutes: 30
    language: es
    link: https://meet.example.org/other
`;

  it('in the file: its name, line and entry; the session and the other sessions stay', () => {
    const file = tempFile('office-hours.yaml');
    fs.writeFileSync(file, yaml);
    const schedule = readSchedule(file);
    expect(schedule.problems).toEqual([
      `${file}:12: sessions[0].exdate[1]: "2026-04-08" is not an occurrence of this session, so there is nothing to cancel (entry "crs"); skipped, the rest of the session is used`,
      `${file}:16: sessions[0].overrides[1]: "2026-06-03" is not an occurrence of this session (entry "crs"); skipped, the rest of the session is used`,
    ]);
    expect(schedule.sessions.map((s) => s.id)).toEqual(['crs', 'other']);
    const crs = expandOccurrences(schedule.sessions, ...SPRING).filter((o) => o.sessionId === 'crs');
    expect(crs.map((o) => [o.start.toISOString(), o.cancelled ?? false, o.movedFrom !== undefined])).toEqual([
      ['2026-03-03T16:00:00.000Z', false, false],
      ['2026-04-07T15:00:00.000Z', true, false],
      ['2026-05-07T15:00:00.000Z', false, true],
    ]);
  });

  it('in the file: a malformed entry stops the file like any other invalid field, naming line and entry', () => {
    const file = tempFile('office-hours.yaml');
    fs.writeFileSync(file, yaml.replace('      - 2026-04-08', '      - 2026-04-31'));
    expect(() => readSchedule(file)).toThrow(ConfigError);
    expect(() => readSchedule(file)).toThrow(`${file}:12: sessions[0].exdate[1]: "2026-04-31" is not a date and time that exists (entry "crs")`);
  });

  it('on the wiki page: its title, line and entry; the session and the other sessions stay', () => {
    const sessions = [
      { ...monthly({ id: 'first' }) },
      { ...monthly({ id: 'crs' }), exdate: ['2026-04-08'], overrides: [{ occurrence: '2026-05-05', start: '2026-05-07T16:00' }] },
    ];
    const text = JSON.stringify({ sessions }, null, 2);
    const page: PageState = {
      title: 'User:DeptBot/office-hours.json', namespace: 2, exists: true, revId: 7, timestamp: null, lastEditor: null,
      text, contentModel: 'json', isRedirect: false, protection: [],
    };
    const onWiki: OnWikiRead = { kind: 'read', title: page.title, page };
    const merged = mergeSchedule([], onWiki, undefined, new Date('2026-03-01T00:00:00Z'));
    const line = text.split('\n').findIndex((l) => l.includes('"2026-04-08"')) + 1;
    expect(merged.problems.map((p) => p.message)).toEqual([
      `User:DeptBot/office-hours.json:${line}: entry sessions[1] (id "crs"): exdate[0]: "2026-04-08" is not an occurrence of this session, so there is nothing to cancel; skipped, the rest of the session is used`,
    ]);
    expect(line).toBeGreaterThan(20);
    expect(merged.sessions.map((s) => s.id)).toEqual(['first', 'crs']);
    expect(expandOccurrences(merged.sessions, ...SPRING).filter((o) => o.movedFrom).map((o) => o.id)).toEqual(['crs@2026-05-05T15:00:00Z']);
  });
});

describe("the README's example", () => {
  it('is a valid schedule that cancels two sessions, moves one and gives one a recording', () => {
    const readme = fs.readFileSync(path.join(repoRoot, 'tasks', 'office-hours', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Cancelling and moving one occurrence'));
    const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    const file = tempFile('office-hours.yaml');
    fs.writeFileSync(file, `sessions:\n${example}`);
    const schedule = readSchedule(file);
    expect(schedule.problems).toEqual([]);
    const occurrences = expandOccurrences(schedule.sessions, new Date('2026-09-01T00:00:00Z'), new Date('2027-02-01T00:00:00Z'));
    expect(occurrences.map((o) => [o.id, o.start.toISOString(), o.cancelled ?? false, o.movedFrom?.toISOString() ?? null, o.recording ?? null])).toEqual([
      ['crs-monthly@2026-09-01T15:00:00Z', '2026-09-01T15:00:00.000Z', false, null, null],
      ['crs-monthly@2026-10-06T15:00:00Z', '2026-10-06T15:00:00.000Z', true, null, null],
      ['crs-monthly@2026-11-03T16:00:00Z', '2026-11-03T16:00:00.000Z', false, null, 'https://commons.wikimedia.org/wiki/File:CRS_November.webm'],
      ['crs-monthly@2026-12-01T16:00:00Z', '2026-12-03T17:30:00.000Z', false, '2026-12-01T16:00:00.000Z', null],
      ['crs-monthly@2027-01-05T16:00:00Z', '2027-01-05T16:00:00.000Z', true, null, null],
    ]);
  });
});
