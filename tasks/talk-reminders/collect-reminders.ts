// What is due: a reminder for each open signal the other tasks recorded (read through the schemas
// those tasks declare in their ledger.ts), and one for each office hour that starts within
// `daysBefore` days. Pure: signals, occurrences and the clock are arguments.
import type { Signal } from '../../src/ledger/records';
import { readSignal, type SignalKind as SignalKindOf } from '../../src/ledger/task-ledger';
import { bannerRemovedSignal } from '../historical-banner/ledger';
import { staleOfficeHoursSignal } from '../office-hours/ledger';
import { translationSignals } from '../translation-status/ledger';
import type { Occurrence } from '../shared/office-hour-schedule/schedule';
import { DateTime } from 'luxon';
import { formatUtc, localTimeLink } from '../shared/office-hour-schedule/session-times';
import { isSignalKind, type ReminderKind, type SignalKind } from './reminder-kinds';
import { escapeWikitext, languageNameWikitext, type PlaceholderValue } from './render-message';

export interface Reminder {
  kind: ReminderKind;
  /** Unique per occurrence: the signal's key, or `office-hour:<occurrence id>`. */
  key: string;
  /** The page the reminder is about; its talk page receives it. */
  subjectPage: string;
  /** Since when it is due (ISO): the oldest goes first when caps hold some back. */
  dueAt: string;
  /** Placeholder values, already safe in wikitext (page and talk page are added once resolved). */
  values: Record<string, PlaceholderValue | undefined>;
  /** A few English words for the edit summary and the run's report. */
  label: string;
  /** The signal to mark handled once the reminder is posted. */
  signalKey?: string;
}

/** The writer's dedupe key: the marker becomes `<!-- deptbot:reminder:<key> -->`. */
export function dedupeKeyOf(reminder: Pick<Reminder, 'key'>): string {
  return `reminder:${reminder.key}`;
}

/** A key that would end or split the hidden comment cannot be a marker. */
export function markerProblem(key: string): string | null {
  if (/-->|<!--|[\r\n]/.test(key)) return `the key "${key.replace(/[\r\n]/g, ' ')}" cannot be written inside an HTML comment`;
  return null;
}

/** Where translators work on a page's translation into `code` (Special:Translate, as a URL the wiki builds). */
export function translateLink(page: string, code: string): string {
  return `{{fullurl:Special:Translate|group=${encodeURIComponent(`page-${page}`)}&language=${encodeURIComponent(code)}&action=page&filter=}}`;
}

/** The placeholders about a translation language: its code, its name and where to translate into it. */
function languageValues(page: string, code: string): Reminder['values'] {
  return { language: code, languageName: (inLanguage) => languageNameWikitext(code, inLanguage), link: translateLink(page, code) };
}

type Made = Pick<Reminder, 'values' | 'label'>;

/** How a reminder is made from a signal of type `T`, read through the schema of the task that records it. */
interface FromSignal<T extends SignalKind> {
  type: T;
  made(signal: Signal): Made | { problem: string };
}

function fromSignal<T extends SignalKind, D extends Record<string, unknown>>(
  kind: SignalKindOf<T, D>,
  made: (data: D, page: string) => Made,
): FromSignal<T> {
  return {
    type: kind.type,
    made(signal) {
      const read = readSignal(kind, signal);
      return 'problem' in read ? { problem: read.problem } : made(read.data, signal.page);
    },
  };
}

/** Placeholder values and label per kind, from the signal's data as its producer's schema reads it. */
const fromSignals: { [K in SignalKind]: FromSignal<K> } = {
  'stale-office-hours': fromSignal(staleOfficeHoursSignal, (data) => ({
    values: { date: data.date, sentence: escapeWikitext(data.sentence), section: escapeWikitext(data.section) },
    label: `the office-hour announcement for ${data.date} is out of date`,
  })),
  'translation-below-threshold': fromSignal(translationSignals.below, (data, page) => ({
    values: { ...languageValues(page, data.language), percent: String(data.percent), threshold: String(data.threshold) },
    label: `the ${data.language} translation is below ${data.threshold}%`,
  })),
  'translation-fell-below': fromSignal(translationSignals.fell, (data, page) => ({
    values: {
      ...languageValues(page, data.language),
      percent: String(data.percent),
      previousPercent: String(data.previousPercent),
      threshold: String(data.threshold),
    },
    label: `the ${data.language} translation fell below ${data.threshold}%`,
  })),
  'translation-outdated': fromSignal(translationSignals.outdated, (data, page) => ({
    values: { ...languageValues(page, data.language), outdated: String(data.outdated), threshold: String(data.threshold) },
    label: `${data.outdated} outdated ${data.language} translation units`,
  })),
  'banner-removed': fromSignal(bannerRemovedSignal, (data) => ({
    values: {
      template: escapeWikitext(data.template),
      addedInRevision: String(data.addedInRevision),
      removedInRevision: data.removedInRevision === undefined ? undefined : String(data.removedInRevision),
      // User names cannot hold link or template markup, so the link is safe as it is.
      removedBy: data.removedBy === undefined ? undefined : `[[User:${data.removedBy}|${data.removedBy}]]`,
    },
    label: `the ${data.template} notice was removed`,
  })),
};

export function reminderFromSignal(signal: Signal): Reminder | { problem: string } {
  if (!isSignalKind(signal.type)) return { problem: `signal type "${signal.type}" has no reminder` };
  const made = fromSignals[signal.type].made(signal);
  if ('problem' in made) return made;
  const problem = markerProblem(signal.key);
  if (problem) return { problem };
  return {
    kind: signal.type,
    key: signal.key,
    subjectPage: signal.page,
    dueAt: signal.createdAt,
    ...made,
    signalKey: signal.key,
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Sessions starting in [now, now + daysBefore) are due: their reminder window opened daysBefore days before the start. */
export function reminderWindow(now: Date, daysBefore: number): { from: Date; to: Date } {
  return { from: now, to: new Date(now.getTime() + daysBefore * DAY_MS) };
}

/**
 * Session notes are one line of wikitext by office-hours' own rules (links allowed; no tags,
 * templates or line breaks), as on the department page; only tildes would sign the bot's name.
 */
export function withoutSignatures(wikitext: string): string {
  return wikitext.replace(/~{3,}/g, (tildes) => `<nowiki>${tildes}</nowiki>`);
}

/**
 * A session's start in UTC, in words of the message's language: in English exactly as office-hours
 * writes it on the department page, in other languages as the platform's CLDR data spells a full date.
 */
export function sessionDate(start: Date, inLanguage: string): string {
  if (inLanguage === 'en' || inLanguage.startsWith('en-')) return formatUtc(start);
  const date = DateTime.fromJSDate(start, { zone: 'utc' }).setLocale(inLanguage);
  return `${date.toLocaleString({ dateStyle: 'full', timeStyle: 'short', hourCycle: 'h23' })} UTC`;
}

/**
 * A moved session (an override in the schedule) says so: `movedFrom` is the date it was scheduled
 * for, in the message's language; `moveNote` is an English sentence for the default message.
 * Neither is set for a session that was not moved, so they leave no trace in its message.
 */
function movedValues(movedFrom: Date | undefined): Reminder['values'] {
  if (movedFrom === undefined) return {};
  return {
    movedFrom: (inLanguage) => sessionDate(movedFrom, inLanguage),
    moveNote: ` It was moved from ${formatUtc(movedFrom)}.`,
  };
}

/**
 * One reminder per held occurrence (expandOccurrences over reminderWindow gives the due ones; a
 * cancelled one is not reminded of). A moved occurrence keeps its id, so its key: a session moved
 * after its reminder went out is not announced a second time.
 */
export function reminderFromOccurrence(occurrence: Occurrence, daysBefore: number): Reminder | { problem: string } {
  const key = `office-hour:${occurrence.id}`;
  const problem = markerProblem(key);
  if (problem) return { problem };
  return {
    kind: 'upcoming-office-hour',
    key,
    subjectPage: occurrence.page,
    dueAt: new Date(occurrence.start.getTime() - daysBefore * DAY_MS).toISOString(),
    values: {
      date: (inLanguage) => sessionDate(occurrence.start, inLanguage),
      duration: String(occurrence.durationMinutes),
      language: occurrence.language,
      languageName: (inLanguage) => languageNameWikitext(occurrence.language, inLanguage),
      link: occurrence.link,
      localTime: localTimeLink(occurrence.start),
      notes: occurrence.notes === undefined ? undefined : withoutSignatures(occurrence.notes),
      ...movedValues(occurrence.movedFrom),
    },
    label: `office hour on ${formatUtc(occurrence.start)}${occurrence.movedFrom ? ` (moved from ${formatUtc(occurrence.movedFrom)})` : ''}`,
  };
}
