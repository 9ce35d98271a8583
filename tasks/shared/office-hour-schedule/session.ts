// What an office-hour session is, and the one schema that checks it, for the YAML file and the
// on-wiki JSON page alike.
import { IANAZone } from 'luxon';
import { RRule, type Options as RRuleOptions } from 'rrule';
import { z } from 'zod';
import { parseWallTime } from './wall-time';

/** A change to one occurrence of a session (RFC 5545's RECURRENCE-ID with new properties). */
export interface SessionOverride {
  /** The occurrence changed: its local date, or local date and time (`YYYY-MM-DD[THH:mm]`) as scheduled by the rule. */
  occurrence: string;
  /** Moves it: the new local wall time, in the session's zone. */
  start?: string;
  durationMinutes?: number;
  link?: string;
  notes?: string;
  recording?: string;
}

export interface Session {
  /** Stable and unique across both sources: occurrence ids and reminder keys are built from it. */
  id: string;
  /** The department page the session is announced on. */
  page: string;
  /** Local wall time, `YYYY-MM-DDTHH:mm`, read in `timeZone`. */
  start: string;
  /** IANA zone name, e.g. `America/New_York`. */
  timeZone: string;
  durationMinutes: number;
  /** BCP 47 language code of the session, e.g. `en`, `es`. */
  language: string;
  /** Where to join. */
  link: string;
  /** One line of wikitext shown beside the session. */
  notes?: string;
  recording?: string;
  /** RFC 5545 RRULE (without DTSTART): the session repeats from `start`, at the same wall time. */
  rrule?: string;
  /** Cancelled occurrences: local dates (every occurrence that day) or local date-times. */
  exdate?: string[];
  /** Occurrences moved or given another duration, link, notes or recording. */
  overrides?: SessionOverride[];
}

/** Recurrences only as often as an office hour can sensibly be; HOURLY and finer would flood the list. */
const ALLOWED_FREQUENCIES = new Set([RRule.YEARLY, RRule.MONTHLY, RRule.WEEKLY, RRule.DAILY]);

/** The RRULE's options, or why it is not one this task accepts. */
export function parseRecurrence(text: string): { options: Partial<RRuleOptions> } | { problem: string } {
  const body = text.trim().replace(/^RRULE:/i, '');
  if (/DTSTART|TZID|[\r\n]/i.test(body)) {
    return { problem: 'give only the RRULE (e.g. "FREQ=MONTHLY;BYDAY=1TU"); the start and zone come from start and timeZone' };
  }
  // rrule turns a BYDAY value it does not know into null, or fails with a TypeError: check it first.
  const byday = body.split(';').find((part) => /^BYDAY=/i.test(part));
  if (byday && !byday.slice(6).split(',').every((day) => /^[+-]?\d{0,2}(MO|TU|WE|TH|FR|SA|SU)$/i.test(day))) {
    return { problem: 'BYDAY has a value that is not a weekday (MO, TU, WE, TH, FR, SA, SU, optionally with a number: 1TU, -1FR)' };
  }
  let options: Partial<RRuleOptions>;
  try {
    options = RRule.parseString(body);
  } catch (error) {
    return { problem: `not an RFC 5545 RRULE: ${(error as Error).message}` };
  }
  if (options.freq === undefined || !ALLOWED_FREQUENCIES.has(options.freq)) {
    return { problem: 'FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY' };
  }
  return { options };
}

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}$/;
const LOCAL_DATE_OR_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2})?$/;

/** Characters that would end an external link `[url label]` or open markup. */
const UNSAFE_URL = /[\s[\]<>"{}|]/;

function isWebLink(value: string): boolean {
  if (UNSAFE_URL.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function isLanguageCode(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

const webLink = z.string().refine(isWebLink, { message: 'expected an http(s) URL without spaces or [ ] < > " { } |' });

/**
 * luxon's IANAZone.isValidZone builds a new Intl.DateTimeFormat (native ICU memory, outside the JS
 * heap) on every call; at 10,000 sessions that alone was 530 MB of RSS in the benchmark. There are
 * only a few hundred zone names, so each answer is remembered.
 */
const zoneValidity = new Map<string, boolean>();

/**
 * "UTC" and the zones ICU lists as canonical are known without building a formatter at all: the
 * first Intl.DateTimeFormat loads ICU's date-time data, 7 MB of RSS, which a run that only checks
 * this file at start-up (historical-banner's, translation-status') never needs otherwise. A name
 * outside the list (an alias such as "Etc/UTC" or "Asia/Kolkata") is asked of luxon, as before.
 */
let listedZones: ReadonlySet<string> | undefined;

function isListedZone(zone: string): boolean {
  listedZones ??= new Set(['UTC', ...Intl.supportedValuesOf('timeZone')]);
  return listedZones.has(zone);
}

export function isKnownTimeZone(zone: string): boolean {
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    valid = isListedZone(zone) || IANAZone.isValidZone(zone);
    zoneValidity.set(zone, valid);
  }
  return valid;
}

// Notes are placed inside the bot's region (and inside <translate> on translatable pages):
// tags, templates and line breaks there could break the page's structure.
const notesSchema = z
  .string()
  .trim()
  .min(1)
  .refine((text) => !/[\r\n<>]|\{\{|\}\}/.test(text), { message: 'expected one line of text without HTML tags or templates' });

/** A local date (and time) written as `pattern` asks, which must also exist (not 30 February). */
function localWallTime(pattern: RegExp, expected: string) {
  return z.string().superRefine((text, ctx) => {
    if (!pattern.test(text)) ctx.addIssue({ code: 'custom', message: `expected ${expected}, without a zone offset` });
    else if (parseWallTime(text) === null) ctx.addIssue({ code: 'custom', message: `"${text}" is not a date and time that exists` });
  });
}

const localDateTime = localWallTime(LOCAL_DATE_TIME, 'the local date and time as "YYYY-MM-DDTHH:mm"');
const localDateOrDateTime = localWallTime(LOCAL_DATE_OR_DATE_TIME, 'a local date "YYYY-MM-DD" or date and time "YYYY-MM-DDTHH:mm"');

const durationMinutes = z.number().int().min(1).max(24 * 60);

const overrideSchema = z
  .object({
    occurrence: localDateOrDateTime,
    start: localDateTime.optional(),
    durationMinutes: durationMinutes.optional(),
    link: webLink.optional(),
    notes: notesSchema.optional(),
    recording: webLink.optional(),
  })
  .strict()
  .refine((override) => Object.keys(override).length > 1, {
    message: 'an override changes something: give start, durationMinutes, link, notes or recording (to cancel, use exdate)',
  });

export const sessionSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: 'expected letters, digits, ".", "_" or "-", e.g. "crs-2021-04"' }),
    page: z.string().trim().min(1),
    start: localDateTime,
    timeZone: z.string().refine(isKnownTimeZone, { message: 'expected an IANA time zone, e.g. "UTC" or "America/New_York"' }),
    durationMinutes,
    language: z.string().refine(isLanguageCode, { message: 'expected a language code, e.g. "en" or "pt-BR"' }),
    link: webLink,
    notes: notesSchema.optional(),
    recording: webLink.optional(),
    rrule: z.string().optional(),
    exdate: z.array(localDateOrDateTime).optional(),
    overrides: z.array(overrideSchema).optional(),
  })
  .strict()
  .superRefine((session, ctx) => {
    if (session.rrule !== undefined) {
      const recurrence = parseRecurrence(session.rrule);
      if ('problem' in recurrence) ctx.addIssue({ code: 'custom', path: ['rrule'], message: recurrence.problem });
    }
  });

