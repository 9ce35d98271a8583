// isKnownTimeZone (the schedule file's time zone check) answers as luxon's IANAZone.isValidZone does,
// without building an Intl.DateTimeFormat for the names ICU lists: a run that checks the schedule
// only at start-up (historical-banner's, translation-status') then loads none of ICU's date-time
// data (7 MB of RSS).
import path from 'node:path';
import { IANAZone } from 'luxon';
import { freshModule } from '../../../support/fresh-module';
import { repoRoot } from '../../../support/local-wiki';

type SessionModule = typeof import('../../../../tasks/shared/office-hour-schedule/session');
type ScheduleFileModule = typeof import('../../../../tasks/shared/office-hour-schedule/schedule-file');

/** Each test loads its module afresh: the answers isKnownTimeZone remembers are not shared. */
const SESSION = require.resolve('../../../../tasks/shared/office-hour-schedule/session');
const SCHEDULE_FILE = require.resolve('../../../../tasks/shared/office-hour-schedule/schedule-file');

/** Names outside ICU's list, or spelled otherwise: aliases, other cases, abbreviations, names that do not exist. */
const OTHER_NAMES = ['UTC', 'utc', 'Etc/UTC', 'GMT', 'Etc/GMT+5', 'EST', 'US/Eastern', 'Asia/Kolkata', 'Asia/Calcutta', 'Europe/Kyiv', 'europe/berlin', 'Mars/Olympus_Mons', 'America/NewYork', 'Europe/Berlin/', ''];

afterEach(() => {
  jest.restoreAllMocks();
});

describe('isKnownTimeZone', () => {
  it('answers as luxon does for every zone ICU lists and for aliases, other spellings and unknown names', () => {
    const session = freshModule<SessionModule>(SESSION);
    const zones = [...Intl.supportedValuesOf('timeZone'), ...OTHER_NAMES];
    const differing = zones.filter((zone) => session.isKnownTimeZone(zone) !== IANAZone.isValidZone(zone));
    expect(differing).toEqual([]);
    expect(session.isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(session.isKnownTimeZone('Etc/UTC')).toBe(true);
  });

  it('checks the shipped schedule file, UTC and America/… zones, without making a date-time formatter', () => {
    const scheduleFile = freshModule<ScheduleFileModule>(SCHEDULE_FILE);
    const made = jest.spyOn(Intl, 'DateTimeFormat');
    const sessions = scheduleFile.readScheduleFile(path.join(repoRoot, 'config', 'office-hours.yaml'));
    expect(sessions.map((s) => s.timeZone)).toEqual(expect.arrayContaining(['UTC', 'America/New_York']));
    expect(made).not.toHaveBeenCalled();
  });

  it('asks luxon, which makes a formatter, for a name outside the list', () => {
    const session = freshModule<SessionModule>(SESSION);
    const made = jest.spyOn(Intl, 'DateTimeFormat');
    expect(session.isKnownTimeZone('Etc/UTC')).toBe(true);
    expect(made).toHaveBeenCalled();
  });
});
