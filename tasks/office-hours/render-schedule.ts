// The wikitext inside the office-hours region: the next sessions (UTC, duration, language, a
// local-time link, the join link), then the past ones with notes and recordings. On translatable
// pages each line is its own <translate> unit and every date, number and link is a <tvar>, so a new
// date changes only variables and translations are not marked outdated.
import type { Occurrence } from '../shared/office-hour-schedule/expand-occurrences';
import { formatUtc, localTimeLink } from '../shared/office-hour-schedule/session-times';
import type { PageSessions } from './next-sessions';

export interface RenderOptions {
  translatable: boolean;
}

export const NOTHING_UPCOMING = 'No office hours are scheduled at the moment.';

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });
/** Names by code: DisplayNames.of costs microseconds and a run renders a few codes thousands of times. */
const languageNameByCode = new Map<string, string>();

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
  const when = (o: Occurrence) => {
    const minutes = `${tvar('minutes', String(o.durationMinutes))} minute${o.durationMinutes === 1 ? '' : 's'}`;
    const notes = o.notes !== undefined ? ` – ${tvar('notes', o.notes)}` : '';
    return `${tvar('date', formatUtc(o.start))} (${minutes}, in ${tvar('language', languageName(o.language))})${notes}`;
  };
  return {
    heading: (text: string) => `'''${unit(text)}'''`,
    sentence: unit,
    upcoming: (o: Occurrence) =>
      `* ${unit(`${when(o)} – [${tvar('local', localTimeLink(o.start))} your local time] – [${tvar('join', o.link)} join]`)}`,
    past: (o: Occurrence) =>
      `* ${unit(`${when(o)}${o.recording !== undefined ? ` – [${tvar('recording', o.recording)} recording]` : ''}`)}`,
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
