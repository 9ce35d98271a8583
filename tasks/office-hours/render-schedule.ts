// The wikitext inside the office-hours region: the next sessions (UTC, duration, language, a
// local-time link, the join link), then the past ones with notes and recordings.
// On translatable pages the sessions are table rows outside any <translate> unit: the wiki renders
// their date, weekday and language name in the page's language ({{#time:…|{{PAGELANGUAGE}}}},
// {{#language:…|{{PAGELANGUAGE}}}}), times are UTC digits and links show no words. Only the fixed
// labels (headings, column headers) are units, the same on every run: a new session changes no
// unit, so translators have nothing new to do and no translation is marked outdated.
import type { Occurrence } from '../shared/office-hour-schedule/expand-occurrences';
import { formatUtc, localTimeLink, twoDigits } from '../shared/office-hour-schedule/session-times';
import type { PageSessions } from './next-sessions';

export interface RenderOptions {
  translatable: boolean;
}

export const NOTHING_UPCOMING = 'No office hours are scheduled at the moment.';

/** Made when a name is first asked for: it costs about 11 ms and 6.6 MB, which every other task's process would pay at import. */
let languageNames: Intl.DisplayNames | undefined;
/** Names by code: DisplayNames.of costs microseconds and a run renders a few codes thousands of times. */
const languageNameByCode = new Map<string, string>();

export function languageName(code: string): string {
  let name = languageNameByCode.get(code);
  if (name === undefined) {
    languageNames ??= new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });
    name = languageNames.of(code) ?? code;
    languageNameByCode.set(code, name);
  }
  return name;
}

interface Renderer {
  heading(text: string): string;
  sentence(text: string): string;
  upcoming(occurrences: readonly Occurrence[]): string[];
  past(occurrences: readonly Occurrence[]): string[];
}

/** Plain pages: one English line per session; a change to one occurrence is said right after its time. */
function plainRenderer(): Renderer {
  const change = (o: Occurrence) =>
    o.cancelled ? ' – cancelled' : o.movedFrom !== undefined ? ` – moved from ${formatUtc(o.movedFrom)}` : '';
  const when = (o: Occurrence) => {
    const minutes = `${o.durationMinutes} minute${o.durationMinutes === 1 ? '' : 's'}`;
    const notes = o.notes !== undefined ? ` – ${o.notes}` : '';
    return `${formatUtc(o.start)} (${minutes}, in ${languageName(o.language)})${change(o)}${notes}`;
  };
  return {
    heading: (text) => `'''${text}'''`,
    sentence: (text) => text,
    // A cancelled session has nothing to join and no recording.
    upcoming: (list) =>
      list.map((o) => (o.cancelled ? `* ${when(o)}` : `* ${when(o)} – [${localTimeLink(o.start)} your local time] – [${o.link} join]`)),
    past: (list) =>
      list.map((o) => `* ${when(o)}${o.recording !== undefined && !o.cancelled ? ` – [${o.recording} recording]` : ''}`),
  };
}

const hoursAndMinutes = (date: Date) => `${twoDigits(date.getUTCHours())}:${twoDigits(date.getUTCMinutes())}`;

/** "16:00–16:45": start and end in UTC, language-neutral, so a duration needs no unit. */
function utcTimes(o: Occurrence): string {
  return `${hoursAndMinutes(o.start)}–${hoursAndMinutes(new Date(o.start.getTime() + o.durationMinutes * 60_000))}`;
}

/** "2026-12-16 (Wednesday)" with the weekday in the page's language, rendered by the wiki. */
const localisedDate = (o: Occurrence) => `{{#time:Y-m-d (l)|${o.start.toISOString().slice(0, 10)}|{{PAGELANGUAGE}}}}`;
/**
 * The date cell with a change to one occurrence shown without words (no new unit for translators):
 * a cancelled date struck through, a moved one after its struck-through old date and time.
 */
function changedDate(o: Occurrence): string {
  if (o.cancelled) return `<s>${localisedDate(o)}</s>`;
  if (o.movedFrom === undefined) return localisedDate(o);
  const from = o.movedFrom.toISOString();
  return `<s>{{#time:Y-m-d H:i|${from.slice(0, 16)}|{{PAGELANGUAGE}}}}</s> → ${localisedDate(o)}`;
}
/** The language's name in the page's language, rendered by the wiki. */
const localisedLanguage = (o: Occurrence) => `{{#language:${o.language}|{{PAGELANGUAGE}}}}`;
/** A link that shows no words: the host of the address. */
const hostLink = (url: string) => `[${url} ${new URL(url).host}]`;
/** Session text in a table cell: a `|` would end the cell. */
const cellText = (text: string) => text.replace(/\|/g, '{{!}}');

/** Translatable pages: a table for each list; its column labels are the only units, the rows have none. */
function translatableRenderer(): Renderer {
  const unit = (text: string) => `<translate>${text}</translate>`;
  const table = (labels: readonly string[], rows: ReadonlyArray<readonly string[]>) => [
    '{| class="wikitable"',
    `! ${labels.map(unit).join(' !! ')}`,
    ...rows.flatMap((cells) => ['|-', `| ${cells.join(' || ')}`.trimEnd()]),
    '|}',
  ];
  const when = (o: Occurrence) => [changedDate(o), utcTimes(o), localisedLanguage(o)];
  return {
    heading: (text) => `'''${unit(text)}'''`,
    sentence: unit,
    // A cancelled session has nothing to join and no recording.
    upcoming: (list) =>
      table(
        ['Date', 'Time (UTC)', 'Language', 'Your local time', 'Join'],
        list.map((o) =>
          o.cancelled ? [...when(o), '—', '—'] : [...when(o), `[${localTimeLink(o.start)} ${hoursAndMinutes(o.start)} UTC]`, hostLink(o.link)],
        ),
      ),
    past: (list) =>
      table(
        ['Date', 'Time (UTC)', 'Language', 'Notes', 'Recording'],
        list.map((o) => [
          ...when(o),
          cellText(o.notes ?? ''),
          o.recording !== undefined && !o.cancelled ? hostLink(o.recording) : '',
        ]),
      ),
  };
}

/** The region's body (without its markers). */
export function renderSchedule(sessions: PageSessions, options: RenderOptions): string {
  const r = options.translatable ? translatableRenderer() : plainRenderer();
  const lines =
    sessions.upcoming.length > 0 ? [r.heading('Upcoming office hours'), ...r.upcoming(sessions.upcoming)] : [r.sentence(NOTHING_UPCOMING)];
  if (sessions.past.length > 0) lines.push(r.heading('Past office hours'), ...r.past(sessions.past));
  return lines.join('\n');
}
