import { findStaleAnnouncements } from '../../../tasks/office-hours/find-stale-announcements';
import { seedText } from '../../support/seed-pages';

const NOW = new Date('2026-11-21T09:00:00Z');
const TITLES = ['Office hours'];
const inSection = (prose: string) => `Intro.\n\n== Office hours ==\n${prose}\n\n== Contact ==\nAsk on the talk page.\n`;
const datesFound = (text: string, now = NOW) => findStaleAnnouncements(text, now, TITLES).map((s) => s.date);

describe('findStaleAnnouncements', () => {
  it('finds the seeded "will take place on April 17, 2021!" (Community Resilience and Sustainability)', () => {
    expect(findStaleAnnouncements(seedText('Community Resilience and Sustainability'), NOW, TITLES)).toEqual([
      {
        sentence: 'The next office hour has been somewhat delayed; it will take place on April 17, 2021!',
        date: '2021-04-17',
        dateText: 'April 17, 2021',
        section: 'Office hours',
      },
    ]);
  });

  it('finds "will be held … at the following time" with the date in the list after it (Movement communications insights)', () => {
    expect(findStaleAnnouncements(seedText('Movement communications insights'), NOW, TITLES)).toEqual([
      {
        sentence:
          'The first office hour will be held in English at the following time, with additional times in other languages to be determined based on level of interest.',
        date: '2020-12-10',
        dateText: 'December 10, 2020',
        section: 'Office hours',
      },
    ]);
  });

  it.each([
    ['day-month-year', 'The next office hour will be on 17 April 2021.', '2021-04-17'],
    ['an ISO date', 'We will meet on 2021-04-17 at 15:00 UTC.', '2021-04-17'],
    ['an abbreviated month and an ordinal', 'It is going to take place on Dec. 10th, 2020.', '2020-12-10'],
    ['"shall"', 'The session shall be held on March 3, 2022.', '2022-03-03'],
    ['a colon introducing the list', 'The next office hours will be:\n* 3 March 2022\n* 5 May 2022', '2022-03-03,2022-05-05'],
  ])('finds a future-tense announcement of a past date with %s', (_form, prose, dates) => {
    expect(datesFound(inSection(prose)).join(',')).toBe(dates);
  });

  it.each([
    ['past tense', 'The office hour took place on April 17, 2021.'],
    ['past tense after "next"', 'The next office hour was held on 17 April 2021.'],
    ['a date still to come', 'The next office hour will take place on April 17, 2027.'],
    ['the date before the future verb', 'Recordings of the office hour held on April 17, 2021 will be posted here.'],
    ['today, which has not passed', 'The next office hour will take place on November 21, 2026.'],
    ['a list after a sentence that does not point to it', 'Recordings will be made available after.\n* April 17, 2021'],
    ['an impossible date', 'It will take place on February 30, 2021.'],
    ['a date inside a comment', 'Next one TBA. <!-- It will take place on April 17, 2021. -->'],
  ])('ignores %s', (_case, prose) => {
    expect(datesFound(inSection(prose))).toEqual([]);
  });

  it('looks only in the office-hours section', () => {
    expect(datesFound('== Events ==\nThe conference will take place on April 17, 2021.\n')).toEqual([]);
  });

  it("ignores the bot's own region, which lists past sessions on purpose", () => {
    const text = inSection(
      'Office hours are listed below.\n<!-- deptbot:office-hours -->\n* Saturday, 17 April 2021, 15:00 UTC — the next one will be on April 17, 2021\n<!-- /deptbot:office-hours -->',
    );
    expect(datesFound(text)).toEqual([]);
  });

  it('reports a date once per page, even when two sentences announce it', () => {
    const prose = 'It will take place on April 17, 2021! Again: it will take place on 17 April 2021.';
    expect(datesFound(inSection(prose))).toEqual(['2021-04-17']);
  });
});
