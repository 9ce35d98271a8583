import { languageName, renderSchedule } from '../../../tasks/office-hours/render-schedule';
import { formatUtc, localTimeLink } from '../../../tasks/shared/office-hour-schedule/session-times';
import { DateTime } from 'luxon';
import { expandOccurrences } from '../../../tasks/shared/office-hour-schedule/expand-occurrences';

describe('render-schedule', () => {
  it('links the local time by unix seconds, as the seeded Meta page does for 10 December 2020 16:00 UTC', () => {
    // "Movement communications insights" links https://zonestamp.toolforge.org/1607616000 for that time.
    expect(localTimeLink(new Date(Date.UTC(2020, 11, 10, 16, 0)))).toBe('https://zonestamp.toolforge.org/1607616000');
  });

  it.each([
    ['2020-12-10T16:00:00Z', 'Thursday, 10 December 2020, 16:00 UTC'],
    ['2021-04-17T15:00:00Z', 'Saturday, 17 April 2021, 15:00 UTC'],
    ['2027-01-01T00:05:00Z', 'Friday, 1 January 2027, 00:05 UTC'],
  ])('writes %s with the weekday, the date and the time in UTC', (iso, text) => {
    expect(formatUtc(new Date(iso))).toBe(text);
  });

  it('writes every day of 2000 to 2040, at every hour, as luxon does', () => {
    // Every weekday and month at single- and double-digit days and hours, across leap years.
    for (let time = Date.UTC(2000, 0, 1, 0, 7); time < Date.UTC(2041, 0, 1); time += 25 * 60 * 60 * 1000 + 60_000) {
      const start = new Date(time);
      expect(formatUtc(start)).toBe(DateTime.fromJSDate(start, { zone: 'utc' }).setLocale('en').toFormat("cccc, d LLLL yyyy, HH:mm 'UTC'"));
    }
  });

  it.each([
    ['en', 'English'],
    ['es', 'Spanish'],
    ['pt-BR', 'Brazilian Portuguese'],
  ])('names language %s in English', (code, name) => {
    expect(languageName(code)).toBe(name);
  });

  it('on a translatable page, leaves sessions out of units: the wiki renders their date and language in the page language', () => {
    const occurrences = expandOccurrences(
      [{ id: 'x', page: 'P', start: '2027-02-02T10:00', timeZone: 'UTC', rrule: 'FREQ=WEEKLY;COUNT=2', durationMinutes: 45, language: 'es', link: 'https://meet.example.org/x', notes: 'Tema: hubs | foro' }],
      new Date(0),
      new Date('2028-01-01T00:00:00Z'),
    );
    const units = (text: string) => text.match(/<translate>[^<]*<\/translate>/g);
    const one = renderSchedule({ upcoming: occurrences.slice(0, 1), past: occurrences.slice(0, 1) }, { translatable: true });
    const two = renderSchedule({ upcoming: occurrences.slice(0, 2), past: occurrences.slice(0, 2) }, { translatable: true });

    expect(occurrences.length).toBeGreaterThanOrEqual(2);
    expect(units(one)).toEqual(
      ['Upcoming office hours', 'Date', 'Time (UTC)', 'Language', 'Your local time', 'Join', 'Past office hours', 'Date', 'Time (UTC)', 'Language', 'Notes', 'Recording'].map(
        (label) => `<translate>${label}</translate>`,
      ),
    );
    expect(units(two)).toEqual(units(one));
    const row = one.split('\n').find((line) => line.startsWith('| {{#time'));
    expect(row).toBe(
      `| {{#time:Y-m-d (l)|2027-02-02|{{PAGELANGUAGE}}}} || 10:00–10:45 || {{#language:es|{{PAGELANGUAGE}}}} || [https://zonestamp.toolforge.org/${Date.UTC(2027, 1, 2, 10) / 1000} 10:00 UTC] || [https://meet.example.org/x meet.example.org]`,
    );
    // Every row as wide as its table (a short row renders ragged; the rendered-output check counts cells).
    expect(two.split('\n').filter((line) => line.startsWith('| ')).pop()).toBe('| {{#time:Y-m-d (l)|2027-02-09|{{PAGELANGUAGE}}}} || 10:00–10:45 || {{#language:es|{{PAGELANGUAGE}}}} || Tema: hubs {{!}} foro ||');
  });

  it('marks a cancelled or moved occurrence without words on translatable pages (no new unit), and in words on plain pages', () => {
    const session = {
      id: 'm', page: 'P', start: '2027-01-05T16:00', timeZone: 'Europe/London', durationMinutes: 60, language: 'en',
      link: 'https://meet.example.org/m', recording: 'https://commons.wikimedia.org/wiki/File:m.webm', rrule: 'FREQ=MONTHLY;BYDAY=1TU',
      exdate: ['2027-02-02', '2027-03-02'], overrides: [{ occurrence: '2027-04-06', start: '2027-04-08T17:30' }],
    };
    const [january, february, march, april] = expandOccurrences([session], new Date('2027-01-01T00:00:00Z'), new Date('2027-05-01T00:00:00Z'));
    const body = renderSchedule({ upcoming: [march!, april!], past: [february!, january!] }, { translatable: true });
    const rows = body.split('\n').filter((line) => line.startsWith('| '));
    const language = '{{#language:en|{{PAGELANGUAGE}}}}';
    expect(rows).toEqual([
      `| <s>{{#time:Y-m-d (l)|2027-03-02|{{PAGELANGUAGE}}}}</s> || 16:00–17:00 || ${language} || — || —`,
      `| <s>{{#time:Y-m-d H:i|2027-04-06T15:00|{{PAGELANGUAGE}}}}</s> → {{#time:Y-m-d (l)|2027-04-08|{{PAGELANGUAGE}}}} || 16:30–17:30 || ${language} || [https://zonestamp.toolforge.org/${Date.UTC(2027, 3, 8, 16, 30) / 1000} 16:30 UTC] || [https://meet.example.org/m meet.example.org]`,
      `| <s>{{#time:Y-m-d (l)|2027-02-02|{{PAGELANGUAGE}}}}</s> || 16:00–17:00 || ${language} ||  ||`,
      `| {{#time:Y-m-d (l)|2027-01-05|{{PAGELANGUAGE}}}} || 16:00–17:00 || ${language} ||  || [https://commons.wikimedia.org/wiki/File:m.webm commons.wikimedia.org]`,
    ]);
    // The units are the fixed labels only, as without changes.
    expect(body.match(/<translate>[^<]*<\/translate>/g)).toEqual([
      '<translate>Upcoming office hours</translate>', '<translate>Date</translate>', '<translate>Time (UTC)</translate>',
      '<translate>Language</translate>', '<translate>Your local time</translate>', '<translate>Join</translate>',
      '<translate>Past office hours</translate>', '<translate>Date</translate>', '<translate>Time (UTC)</translate>',
      '<translate>Language</translate>', '<translate>Notes</translate>', '<translate>Recording</translate>',
    ]);
    const plain = renderSchedule({ upcoming: [march!], past: [february!] }, { translatable: false });
    expect(plain).toBe(
      "'''Upcoming office hours'''\n* Tuesday, 2 March 2027, 16:00 UTC (60 minutes, in English) – cancelled\n" +
        "'''Past office hours'''\n* Tuesday, 2 February 2027, 16:00 UTC (60 minutes, in English) – cancelled",
    );
  });
});
