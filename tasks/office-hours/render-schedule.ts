// The wikitext inside the office-hours region: the next sessions (UTC, duration, language, a
// local-time link, the join link), then the past ones with notes and recordings. On translatable
// pages each line is its own <translate> unit and every date, number and link is a <tvar>, so a new
// date changes only variables and translations are not marked outdated.
import type { Occurrence } from './expand-occurrences';
import type { PageSessions } from './next-sessions';

export interface RenderOptions {
  translatable: boolean;
}

export const NOTHING_UPCOMING = 'No office hours are scheduled at the moment.';

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });
/** Names by code: DisplayNames.of costs microseconds and a run renders a few codes thousands of times. */
const languageNameByCode = new Map<string, string>();

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const twoDigits = (value: number) => String(value).padStart(2, '0');

/**
 * "Thursday, 10 December 2020, 16:00 UTC". Written out by hand: luxon's toFormat took 2.5 s for the
 * 80,000 dates of a 10,000-page run, for the same text.
 */
export function formatUtc(start: Date): string {
  const date = `${WEEKDAYS[start.getUTCDay()]}, ${start.getUTCDate()} ${MONTHS[start.getUTCMonth()]} ${String(start.getUTCFullYear()).padStart(4, '0')}`;
  return `${date}, ${twoDigits(start.getUTCHours())}:${twoDigits(start.getUTCMinutes())} UTC`;
}

/** The zonestamp tool shows a unix time in the reader's own zone. */
export function localTimeLink(start: Date): string {
  return `https://zonestamp.toolforge.org/${Math.floor(start.getTime() / 1000)}`;
}

export function languageName(code: string): string {
  let name = languageNameByCode.get(code);
  if (name === undefined) {
    name = languageNames.of(code) ?? code;
    languageNameByCode.set(code, name);
  }
  return name;
}

function renderer({ translatable }: RenderOptions) {
  const unit = (text: string) => (translatable ? `<translate>${text}</translate>` : text);
  const tvar = (name: string, value: string) => (translatable ? `<tvar name="${name}">${value}</tvar>` : value);
  // A change to one occurrence is said right after its time: cancelled, or where it was moved from.
  const change = (o: Occurrence) =>
    o.cancelled ? ' – cancelled' : o.movedFrom !== undefined ? ` – moved from ${tvar('moved', formatUtc(o.movedFrom))}` : '';
  const when = (o: Occurrence) => {
    const minutes = `${tvar('minutes', String(o.durationMinutes))} minute${o.durationMinutes === 1 ? '' : 's'}`;
    const notes = o.notes !== undefined ? ` – ${tvar('notes', o.notes)}` : '';
    return `${tvar('date', formatUtc(o.start))} (${minutes}, in ${tvar('language', languageName(o.language))})${change(o)}${notes}`;
  };
  return {
    heading: (text: string) => `'''${unit(text)}'''`,
    sentence: unit,
    // A cancelled session has nothing to join and no recording.
    upcoming: (o: Occurrence) =>
      `* ${unit(o.cancelled ? when(o) : `${when(o)} – [${tvar('local', localTimeLink(o.start))} your local time] – [${tvar('join', o.link)} join]`)}`,
    past: (o: Occurrence) =>
      `* ${unit(`${when(o)}${o.recording !== undefined && !o.cancelled ? ` – [${tvar('recording', o.recording)} recording]` : ''}`)}`,
  };
}

/** The region's body (without its markers). */
export function renderSchedule(sessions: PageSessions, options: RenderOptions): string {
  const r = renderer(options);
  const lines =
    sessions.upcoming.length > 0
      ? [r.heading('Upcoming office hours'), ...sessions.upcoming.map(r.upcoming)]
      : [r.sentence(NOTHING_UPCOMING)];
  if (sessions.past.length > 0) lines.push(r.heading('Past office hours'), ...sessions.past.map(r.past));
  return lines.join('\n');
}
