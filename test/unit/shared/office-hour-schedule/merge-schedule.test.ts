import { mergeSchedule, type LastGoodSessions, type OnWikiRead } from '../../../../tasks/shared/office-hour-schedule/merge-schedule';
import type { Session } from '../../../../tasks/shared/office-hour-schedule/session';
import type { PageState } from '../../../../src/wiki/client';

const NOW = new Date('2026-11-21T09:00:00Z');
const TITLE = 'User:DeptBot/office-hours.json';

function session(id: string, overrides: Partial<Session> = {}): Session {
  return {
    id,
    page: 'Movement communications insights',
    start: '2027-01-05T11:00',
    timeZone: 'America/New_York',
    durationMinutes: 60,
    language: 'en',
    link: `https://meet.example.org/${id}`,
    ...overrides,
  };
}

function page(text: string | null, exists = true): OnWikiRead {
  const state: PageState = {
    title: TITLE,
    namespace: 2,
    exists,
    revId: exists ? 42 : null,
    timestamp: null,
    lastEditor: null,
    text,
    contentModel: 'json',
    isRedirect: false,
    protection: [],
  };
  return { kind: 'read', title: TITLE, page: state };
}

const json = (sessions: unknown[]) => page(JSON.stringify({ sessions }));
const fromFile = [session('file-1')];
const lastGood: LastGoodSessions = { page: TITLE, revId: 41, savedAt: '2026-11-20T09:00:00.000Z', sessions: [session('kept-1'), session('typo')] };
const ids = (sessions: Session[]) => sessions.map((s) => s.id);

describe('mergeSchedule', () => {
  it('adds the valid on-wiki entries, skips and names the invalid one, and keeps the valid ones as the last good data', () => {
    const merged = mergeSchedule(fromFile, json([session('wiki-1'), { ...session('bad-zone'), timeZone: 'Europe/Atlantis' }, session('wiki-2')]), undefined, NOW);
    expect(ids(merged.sessions)).toEqual(['file-1', 'wiki-1', 'wiki-2']);
    expect(merged.problems).toEqual([
      {
        page: TITLE,
        entry: { index: 1, id: 'bad-zone' },
        message: `${TITLE}:1: entry sessions[1] (id "bad-zone") is invalid (timeZone: expected an IANA time zone, e.g. "UTC" or "America/New_York"); skipped`,
      },
    ]);
    expect(merged.lastGood).toEqual({ page: TITLE, revId: 42, savedAt: NOW.toISOString(), sessions: [session('wiki-1'), session('wiki-2')] });
  });

  it('keeps the last good version of an entry someone has just broken', () => {
    const merged = mergeSchedule(fromFile, json([{ ...session('typo'), start: '2027-01-05 11h00' }]), lastGood, NOW);
    expect(merged.sessions).toEqual([...fromFile, session('typo')]);
    expect(merged.problems.map((p) => p.message)).toEqual([expect.stringMatching(/id "typo"\) is invalid \(start: .*\); its last good version is used$/)]);
    expect(merged.lastGood?.sessions).toEqual([session('typo')]);
  });

  it('names an entry that is not even an object by its position', () => {
    const merged = mergeSchedule([], json(['not a session']), undefined, NOW);
    expect(merged.problems[0].message).toMatch(/entry sessions\[0\] is invalid \(entry: .*\); skipped$/);
  });

  it('skips an on-wiki entry that reuses the id of a deployed session', () => {
    const merged = mergeSchedule(fromFile, json([session('file-1', { language: 'fr' })]), undefined, NOW);
    expect(merged.sessions).toEqual(fromFile);
    expect(merged.problems[0].message).toBe(`${TITLE}:1: entry sessions[0] (id "file-1") skipped: its id is already used by another session`);
  });

  it.each([
    ['text that is not JSON', page('{"sessions": [', true), /cannot be used: not valid JSON/],
    ['JSON of another shape', page('[{"id": "x"}]', true), /cannot be used: expected an object with a "sessions" list/],
    ['a missing page', page(null, false), /does not exist/],
    ['a page that could not be read', { kind: 'unreadable', title: TITLE, reason: 'HTTP 503' } as OnWikiRead, /could not be read \(HTTP 503\)/],
  ])('falls back to the last good data for %s, and says so', (_case, onWiki, reason) => {
    const merged = mergeSchedule(fromFile, onWiki, lastGood, NOW);
    expect(ids(merged.sessions)).toEqual(['file-1', 'kept-1', 'typo']);
    expect(merged.problems).toHaveLength(1);
    expect(merged.problems[0].message).toMatch(reason);
    expect(merged.problems[0].message).toMatch(/using the last good on-wiki sessions \(revision 41, read 2026-11-20T09:00:00.000Z\)$/);
    expect(merged.lastGood).toBeUndefined();
  });

  it('without last good data, uses the deployed sessions alone and says so', () => {
    const merged = mergeSchedule(fromFile, page('nonsense'), undefined, NOW);
    expect(merged.sessions).toEqual(fromFile);
    expect(merged.problems.map((p) => p.message)).toEqual([expect.stringMatching(/no on-wiki sessions are used$/)]);
  });

  it('an on-wiki page nobody has created yet is not a problem', () => {
    expect(mergeSchedule(fromFile, page(null, false), undefined, NOW)).toEqual({ sessions: fromFile, problems: [] });
  });

  it('with no on-wiki page configured, uses the deployed sessions and reports nothing', () => {
    expect(mergeSchedule(fromFile, { kind: 'disabled' }, lastGood, NOW)).toEqual({ sessions: fromFile, problems: [] });
  });
});

describe('mergeSchedule with entry rules (a department schedule page, allowed meeting hosts)', () => {
  const department = 'Movement communications insights';
  const { page: _page, ...withoutPage } = session('no-page');

  it('fills in the department page for an entry that leaves it out, and skips one naming another page', () => {
    const merged = mergeSchedule([], json([withoutPage, session('elsewhere', { page: 'Another department' })]), undefined, NOW, { department });
    expect(merged.sessions).toEqual([{ ...withoutPage, page: department }]);
    expect(merged.problems.map((p) => p.message)).toEqual([
      `${TITLE}:1: entry sessions[1] (id "elsewhere") skipped: names page "Another department", but this page only schedules "${department}"`,
    ]);
  });

  it('accepts links on an allowed host or its subdomains, and skips an entry with a link (or an override link) elsewhere', () => {
    const entries = [
      session('on-host'),
      session('subdomain', { link: 'https://eu.meet.example.org/x' }),
      session('look-alike', { link: 'https://meet.example.org.evil.example/x' }),
      session('override', { rrule: 'FREQ=WEEKLY', overrides: [{ occurrence: '2027-01-12', link: 'https://evil.example/y' }] }),
    ];
    const merged = mergeSchedule([], json(entries), undefined, NOW, { meetingHosts: ['meet.example.org'] });
    expect(ids(merged.sessions)).toEqual(['on-host', 'subdomain']);
    expect(merged.problems.map((p) => [p.entry?.id, p.message.replace(/^.*skipped: /, '')])).toEqual([
      ['look-alike', 'link https://meet.example.org.evil.example/x is not on an allowed meeting host (meet.example.org)'],
      ['override', 'link https://evil.example/y is not on an allowed meeting host (meet.example.org)'],
    ]);
  });

  it('with no allowlist, takes any http(s) link', () => {
    const merged = mergeSchedule([], json([session('any', { link: 'https://elsewhere.example/x' })]), undefined, NOW, { meetingHosts: [] });
    expect(ids(merged.sessions)).toEqual(['any']);
  });
});
