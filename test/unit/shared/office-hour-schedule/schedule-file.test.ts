import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../../../src/config/load-config';
import { ConfigError } from '../../../../src/core/errors';
import { registeredTasks } from '../../../../tasks';
import { readScheduleFile } from '../../../../tasks/shared/office-hour-schedule/schedule-file';
import { configDir, repoRoot, tempFile } from '../../../support/local-wiki';

const valid = `sessions:
  - id: first
    page: Community Resilience and Sustainability
    start: 2021-04-17T08:00
    timeZone: America/Los_Angeles
    durationMinutes: 90
    language: en
    link: https://www.youtube.com/watch?v=x
`;

function scheduleFile(text: string): string {
  const file = tempFile('office-hours.yaml');
  fs.writeFileSync(file, text);
  return file;
}

/** The message of the ConfigError that `read` throws. */
function errorOf(read: () => unknown): string {
  let caught: unknown;
  try {
    read();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigError);
  return (caught as ConfigError).message;
}

describe('readScheduleFile', () => {
  it('reads the shipped config/office-hours.yaml', () => {
    const sessions = readScheduleFile(path.join(repoRoot, 'config', 'office-hours.yaml'));
    expect(new Set(sessions.map((s) => s.page))).toEqual(
      new Set(['Community Resilience and Sustainability', 'Movement communications insights']),
    );
    expect(sessions.some((s) => s.rrule !== undefined)).toBe(true);
  });

  it('reads an empty file as no sessions', () => {
    expect(readScheduleFile(scheduleFile('# nothing yet\n'))).toEqual([]);
  });

  // The second entry, line by line from line 9; each case replaces one of its lines or adds line 16.
  const second = [
    '  - id: second',
    '    page: Movement communications insights',
    '    start: 2020-12-10T16:00',
    '    timeZone: UTC',
    '    durationMinutes: 60',
    '    language: en',
    '    link: https://wikimedia.zoom.us/j/1',
  ];
  it.each([
    ['an unknown time zone', 12, '    timeZone: America/NewYork', /:12: sessions\[1\]\.timeZone: expected an IANA time zone.* \(entry "second"\)$/],
    ['a start with an offset', 11, '    start: "2021-04-17T08:00Z"', /:11: sessions\[1\]\.start: expected the local date and time/],
    ['a date that does not exist', 11, '    start: 2021-02-30T08:00', /:11: sessions\[1\]\.start: "2021-02-30T08:00" is not a date and time that exists/],
    ['a duration of zero', 13, '    durationMinutes: 0', /:13: sessions\[1\]\.durationMinutes: .*>=1/],
    ['a link that is not http(s)', 15, '    link: javascript:alert(1)', /:15: sessions\[1\]\.link: expected an http\(s\) URL/],
    ['an hourly RRULE', 16, '    rrule: FREQ=HOURLY', /:16: sessions\[1\]\.rrule: FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY/],
    ['an RRULE with a bad weekday', 16, '    rrule: FREQ=MONTHLY;BYDAY=1XX', /:16: sessions\[1\]\.rrule: BYDAY has a value that is not a weekday/],
    ['an RRULE with DTSTART', 16, '    rrule: "DTSTART:20210101T000000Z"', /:16: sessions\[1\]\.rrule: give only the RRULE/],
    ['notes with a template', 16, '    notes: "{{Historical}}"', /:16: sessions\[1\]\.notes: expected one line of text without HTML tags or templates/],
    ['an unknown key', 16, '    room: Main hall', /:16: sessions\[1\]\.room: unknown setting \(entry "second"\)$/],
    ['a misspelt key', 16, '    recordng: https://example.org/r', /:16: sessions\[1\]\.recordng: unknown setting; did you mean "recording"\? \(entry "second"\)$/],
    ['the id of an earlier session', 9, '  - id: first', /:9: sessions\[1\]\.id: id "first" is used by an earlier session/],
  ])('stops with the file, line and entry for %s', (_case, lineNumber, line, pattern) => {
    const lines = [...second];
    lines[lineNumber - 9] = line;
    const file = scheduleFile(`${valid}${lines.join('\n')}\n`);
    const message = errorOf(() => readScheduleFile(file));
    expect(message.startsWith(`${file}:`)).toBe(true);
    expect(message.slice(file.length)).toMatch(pattern);
  });

  it('is checked when the config is loaded, so an invalid file stops start-up', () => {
    const bad = scheduleFile(valid.replace('America/Los_Angeles', 'Mars/Olympus_Mons'));
    const overlay = tempFile('overlay.yaml');
    fs.writeFileSync(overlay, `tasks:\n  office-hours:\n    settings:\n      scheduleFile: ${bad}\n`);
    const message = errorOf(() => loadConfig([path.join(configDir, 'default.yaml'), overlay], registeredTasks));
    expect(message).toBe(`${bad}:5: sessions[0].timeZone: expected an IANA time zone, e.g. "UTC" or "America/New_York" (entry "first")`);
  });

  it('parses an unchanged file once, and reads it again once it changes', () => {
    const file = scheduleFile(valid);
    const first = readScheduleFile(file);
    expect(readScheduleFile(file)).toBe(first);
    // Same size, so only the modification time (and the content) tells the versions apart.
    fs.writeFileSync(file, valid.replace('durationMinutes: 90', 'durationMinutes: 45'));
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    expect(readScheduleFile(file).map((s) => s.durationMinutes)).toEqual([45]);
  });

  it('fails again on every read of an invalid file, and reads the file once it is fixed', () => {
    const file = scheduleFile(valid.replace('durationMinutes: 90', 'durationMinutes: 0'));
    expect(errorOf(() => readScheduleFile(file))).toMatch(/:6: sessions\[0\]\.durationMinutes/);
    expect(errorOf(() => readScheduleFile(file))).toMatch(/:6: sessions\[0\]\.durationMinutes/);
    fs.writeFileSync(file, valid);
    expect(readScheduleFile(file).map((s) => s.durationMinutes)).toEqual([90]);
  });

  it('names a schedule file that is missing', () => {
    expect(errorOf(() => readScheduleFile('/nonexistent/office-hours.yaml'))).toBe('/nonexistent/office-hours.yaml: cannot be read (ENOENT)');
  });
});
