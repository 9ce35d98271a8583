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

  it('on a translatable page, puts every line in its own unit and every date, number and link in a <tvar>', () => {
    const [next] = expandOccurrences(
      [{ id: 'x', page: 'P', start: '2027-02-02T10:00', timeZone: 'UTC', durationMinutes: 45, language: 'es', link: 'https://meet.example.org/x', notes: 'Tema: hubs' }],
      new Date(0),
      new Date('2028-01-01T00:00:00Z'),
    );
    const body = renderSchedule({ upcoming: [next], past: [] }, { translatable: true });
    const line = body.split('\n')[1];
    // What translators see once the variables are taken out: no date, number, name or link.
    const translatable = line.replace(/<tvar name="[a-z]+">[^<]*<\/tvar>/g, '$').replace(/<\/?translate>/g, '');
    expect(translatable).toBe('* $ ($ minutes, in $) – $ – [$ your local time] – [$ join]');
    expect(line).toContain(`<tvar name="local">https://zonestamp.toolforge.org/${Date.UTC(2027, 1, 2, 10) / 1000}</tvar>`);
    expect(line).toContain('<tvar name="date">Tuesday, 2 February 2027, 10:00 UTC</tvar>');
  });
});
