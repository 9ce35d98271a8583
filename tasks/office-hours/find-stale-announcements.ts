// Prose in an office-hours section that announces, in the future tense, a date that has passed
// ("it will take place on April 17, 2021!"), including a sentence that announces "the following
// time" and gives the date in the list right after it. The bot reports these; it never rewrites prose.
import { findRegion } from '../../src/core/managed-region';
import { maskInert } from '../../src/wikitext/parse';
import { findOfficeHoursSections } from './office-hours-section';
import { REGION } from './update-office-hours';

export interface StaleAnnouncement {
  /** The announcing sentence as readers see it (markup removed). */
  sentence: string;
  /** The announced date, `YYYY-MM-DD`. */
  date: string;
  /** The date as written on the page. */
  dateText: string;
  /** The heading of the section it is in. */
  section: string;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = '(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\\.?';
const ORDINAL = '(?:st|nd|rd|th)?';
/** "April 17, 2021", "17 April 2021", "2021-04-17". */
const DATE = new RegExp(
  `\\b${MONTH}\\s+(\\d{1,2})${ORDINAL},?\\s+(\\d{4})\\b|\\b(\\d{1,2})${ORDINAL}\\s+${MONTH},?\\s+(\\d{4})\\b|\\b(\\d{4})-(\\d{2})-(\\d{2})\\b`,
  'gi',
);
/** Words that set the tense of what follows them; the last one before a date decides. */
const TENSE = /\b(will|shall|going to|is scheduled|are scheduled|is planned|are planned|upcoming|next)\b|'ll\b|\b(was|were|took|had|happened|occurred|did|ended|concluded|previous|last)\b/gi;
const FORWARD_REFERENCE = /\b(following|below|as follows)\b|:\s*$/i;
const LIST_ITEM = /^\s*[*#:;]/;

interface FoundDate {
  iso: string;
  text: string;
  index: number;
}

/**
 * `YYYY-MM-DD` of a calendar date, or null when there is no such day (April 31). Plain Date
 * arithmetic: luxon took a third of this module's time for a check a run makes for every date on every page.
 */
function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function datesIn(sentence: string): FoundDate[] {
  return [...sentence.matchAll(DATE)].flatMap((m) => {
    const [monthName, day, year] = m[1] ? [m[1], m[2], m[3]] : m[5] ? [m[5], m[4], m[6]] : [undefined, m[9], m[7]];
    const month = monthName ? MONTHS.indexOf(monthName.slice(0, 3).toLowerCase()) + 1 : Number(m[8]);
    const iso = isoDate(Number(year), month, Number(day));
    return iso === null ? [] : [{ iso, text: m[0], index: m.index ?? 0 }];
  });
}

/** True when the last tense word in `text` looks forward. */
function isFutureTense(text: string): boolean {
  const words = [...text.matchAll(TENSE)];
  const last = words[words.length - 1];
  return last !== undefined && last[2] === undefined;
}

/** A line as readers see it: tags, links and emphasis reduced to their text. */
function plainText(line: string): string {
  return line
    .replace(/<[^>]*>/g, '')
    .replace(/\[\[(?:[^|\]]*\|)?([^\]]*)\]\]/g, '$1')
    .replace(/\[(?:https?:)?\/\/[^\s\]]+\s*([^\]]*)\]/g, '$1')
    .replace(/'{2,}/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function sentencesOf(paragraph: string): string[] {
  return paragraph.split(/(?<=[.!?])\s+(?=[A-Z"'(])/);
}

interface Paragraph {
  text: string;
  /** The list items right after a paragraph (blank lines between allowed): where "the following time" is. */
  following: string[];
}

function paragraphsOf(body: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let open: string[] = [];
  let last: Paragraph | undefined;
  const close = () => {
    if (open.length) paragraphs.push((last = { text: open.join(' '), following: [] }));
    open = [];
  };
  for (const line of body.split('\n')) {
    const text = plainText(line);
    if (LIST_ITEM.test(line)) {
      close();
      const item = text.replace(/^[*#:;\s]+/, '');
      last?.following.push(item);
      paragraphs.push({ text: item, following: [] });
    } else if (text === '') {
      close();
    } else {
      open.push(text);
      last = undefined;
    }
  }
  close();
  return paragraphs;
}

/** Stale future-tense announcements in the page's office-hours sections, one per date. */
export function findStaleAnnouncements(text: string, now: Date, sectionTitles: readonly string[]): StaleAnnouncement[] {
  const today = now.toISOString().slice(0, 10);
  // The bot's own region lists past sessions on purpose: blank it out, keeping offsets.
  let visible = maskInert(text);
  const region = findRegion(text, REGION);
  if (region.kind === 'found') {
    visible = visible.slice(0, region.blockStart) + visible.slice(region.blockStart, region.blockEnd).replace(/[^\n]/g, ' ') + visible.slice(region.blockEnd);
  }
  const found = new Map<string, StaleAnnouncement>();
  for (const section of findOfficeHoursSections(text, sectionTitles)) {
    for (const paragraph of paragraphsOf(visible.slice(section.bodyStart, section.end))) {
      for (const sentence of sentencesOf(paragraph.text)) {
        const own = datesIn(sentence).filter((d) => isFutureTense(sentence.slice(0, d.index)));
        const listed =
          own.length === 0 && isFutureTense(sentence) && FORWARD_REFERENCE.test(sentence) ? paragraph.following.flatMap(datesIn) : [];
        for (const date of [...own, ...listed]) {
          if (date.iso < today && !found.has(date.iso)) {
            found.set(date.iso, { sentence, date: date.iso, dateText: date.text, section: section.heading });
          }
        }
      }
    }
  }
  return [...found.values()];
}
