import type { Signal } from '../../../src/ledger/records';
import type { Occurrence } from '../../../tasks/shared/office-hour-schedule/schedule';
import {
  dedupeKeyOf,
  markerProblem,
  reminderFromOccurrence,
  reminderFromSignal,
  sessionDate,
  translateLink,
} from '../../../tasks/talk-reminders/collect-reminders';

function signal(type: string, data: Record<string, unknown>, key = `${type}:Community Engagement:1`): Signal {
  return { id: 1, type, page: 'Community Engagement', key, data, sourceTask: 'test', createdAt: '2026-11-20T08:00:00.000Z', handledAt: null };
}

/** The values as a message in `language` sees them. */
function valuesIn(values: Record<string, unknown>, language: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'function' ? v(language) : v]));
}

describe('reminderFromSignal', () => {
  it.each([
    [
      'stale-office-hours',
      { sentence: 'It will take place on April 17, 2021!', date: '2021-04-17', section: 'Office hours' },
      { date: '2021-04-17', sentence: 'It will take place on April 17, 2021!', section: 'Office hours' },
      'the office-hour announcement for 2021-04-17 is out of date',
    ],
    [
      'translation-below-threshold',
      { language: 'zh', percent: 4, threshold: 50 },
      { language: 'zh', languageName: '{{#language:zh|en}}', link: translateLink('Community Engagement', 'zh'), percent: '4', threshold: '50' },
      'the zh translation is below 50%',
    ],
    [
      'translation-fell-below',
      { language: 'ru', percent: 31, previousPercent: 62, threshold: 50 },
      { language: 'ru', languageName: '{{#language:ru|en}}', link: translateLink('Community Engagement', 'ru'), percent: '31', previousPercent: '62', threshold: '50' },
      'the ru translation fell below 50%',
    ],
    [
      'translation-outdated',
      { language: 'de', outdated: 7, threshold: 3 },
      { language: 'de', languageName: '{{#language:de|en}}', link: translateLink('Community Engagement', 'de'), outdated: '7', threshold: '3' },
      '7 outdated de translation units',
    ],
    [
      'banner-removed',
      { template: 'Historical', addedInRevision: 10, removedInRevision: 12, removedBy: 'Editor1' },
      { template: 'Historical', addedInRevision: '10', removedInRevision: '12', removedBy: '[[User:Editor1|Editor1]]' },
      'the Historical notice was removed',
    ],
    [
      'banner-removed',
      { template: 'Historical', addedInRevision: 10 },
      { template: 'Historical', addedInRevision: '10', removedInRevision: undefined, removedBy: undefined },
      'the Historical notice was removed',
    ],
  ])('%s: values and label', (type, data, values, label) => {
    const made = reminderFromSignal(signal(type, data));

    if ('problem' in made) throw new Error(made.problem);
    expect(valuesIn(made.values, 'en')).toEqual(values);
    expect(made).toEqual(
      expect.objectContaining({
        kind: type,
        key: `${type}:Community Engagement:1`,
        subjectPage: 'Community Engagement',
        dueAt: '2026-11-20T08:00:00.000Z',
        label,
        signalKey: `${type}:Community Engagement:1`,
      }),
    );
  });

  it.each([
    ['an unknown type', signal('something-else', {}), 'signal type "something-else" has no reminder'],
    [
      'data of the wrong shape',
      signal('translation-below-threshold', { language: 'zh', percent: '4%' }),
      'signal "translation-below-threshold:Community Engagement:1" (translation-below-threshold) has data this task cannot read: percent: Invalid input: expected number, received string; threshold: Invalid input: expected number, received undefined',
    ],
    [
      'a key that would end the hidden comment',
      signal('banner-removed', { template: 'Historical', addedInRevision: 1 }, 'banner-removed:x-->y'),
      'the key "banner-removed:x-->y" cannot be written inside an HTML comment',
    ],
  ])('%s is a problem, not a reminder', (_case, input, problem) => {
    expect(reminderFromSignal(input)).toEqual({ problem });
  });
});

describe('reminderFromOccurrence', () => {
  const occurrence: Occurrence = {
    id: 'crs-2026-12@2026-12-03T16:00:00Z',
    sessionId: 'crs-2026-12',
    page: 'Community Resilience and Sustainability',
    start: new Date('2026-12-03T16:00:00Z'),
    durationMinutes: 60,
    language: 'es',
    link: 'https://meet.example.org/crs',
    notes: 'Bring [[Questions|questions]] ~~~~',
    timeZone: 'America/Los_Angeles',
  };

  it('keys the reminder on the occurrence and makes it due daysBefore days ahead', () => {
    const made = reminderFromOccurrence(occurrence, 3);

    if ('problem' in made) throw new Error(made.problem);
    expect(dedupeKeyOf(made)).toBe('reminder:office-hour:crs-2026-12@2026-12-03T16:00:00Z');
    expect(made.dueAt).toBe('2026-11-30T16:00:00.000Z');
    expect(made.signalKey).toBeUndefined();
    expect(valuesIn(made.values, 'en')).toEqual({
      date: 'Thursday, 3 December 2026, 16:00 UTC',
      duration: '60',
      language: 'es',
      languageName: '{{#language:es|en}}',
      link: 'https://meet.example.org/crs',
      localTime: 'https://zonestamp.toolforge.org/1796313600',
      notes: 'Bring [[Questions|questions]] <nowiki>~~~~</nowiki>',
    });
  });
});

describe('sessionDate', () => {
  it.each([
    ['en', 'Thursday, 3 December 2026, 16:00 UTC'],
    ['en-gb', 'Thursday, 3 December 2026, 16:00 UTC'],
    ['de', 'Donnerstag, 3. Dezember 2026 um 16:00 UTC'],
    ['fr', 'jeudi 3 décembre 2026 à 16:00 UTC'],
  ])('%s', (language, expected) => {
    expect(sessionDate(new Date('2026-12-03T16:00:00Z'), language)).toBe(expected);
  });
});

describe('markerProblem', () => {
  it.each([
    ['translation-below:Movement communications insights:zh:50', null],
    ['office-hour:crs@2026-12-03T16:00:00Z', null],
    ['a--b', null],
    ['a-->b', 'the key "a-->b" cannot be written inside an HTML comment'],
    ['a<!--b', 'the key "a<!--b" cannot be written inside an HTML comment'],
    ['a\nb', 'the key "a b" cannot be written inside an HTML comment'],
  ])('%s', (key, expected) => {
    expect(markerProblem(key)).toBe(expected);
  });
});
