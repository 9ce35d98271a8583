// What an office-hour session is, and the one schema that checks it, for the YAML file and the
// on-wiki JSON page alike.
import { DateTime, IANAZone } from 'luxon';
import { RRule, type Options as RRuleOptions } from 'rrule';
import { z } from 'zod';

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

/** Parses `start` in `timeZone`; null when either is not valid. */
export function localStart(start: string, timeZone: string): DateTime | null {
  const parsed = DateTime.fromISO(start.replace(' ', 'T'), { zone: timeZone, setZone: false });
  return parsed.isValid ? parsed : null;
}

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}$/;

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

export function isKnownTimeZone(zone: string): boolean {
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    zoneValidity.set(zone, valid);
  }
  return valid;
}

export const sessionSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: 'expected letters, digits, ".", "_" or "-", e.g. "crs-2021-04"' }),
    page: z.string().trim().min(1),
    start: z.string().regex(LOCAL_DATE_TIME, { message: 'expected the local date and time as "YYYY-MM-DDTHH:mm", without a zone offset' }),
    timeZone: z.string().refine(isKnownTimeZone, { message: 'expected an IANA time zone, e.g. "UTC" or "America/New_York"' }),
    durationMinutes: z.number().int().min(1).max(24 * 60),
    language: z.string().refine(isLanguageCode, { message: 'expected a language code, e.g. "en" or "pt-BR"' }),
    link: webLink,
    // Notes are placed inside the bot's region (and inside <translate> on translatable pages):
    // tags, templates and line breaks there could break the page's structure.
    notes: z
      .string()
      .trim()
      .min(1)
      .refine((text) => !/[\r\n<>]|\{\{|\}\}/.test(text), { message: 'expected one line of text without HTML tags or templates' })
      .optional(),
    recording: webLink.optional(),
    rrule: z.string().optional(),
  })
  .strict()
  .superRefine((session, ctx) => {
    if (LOCAL_DATE_TIME.test(session.start) && isKnownTimeZone(session.timeZone) && !localStart(session.start, session.timeZone)) {
      ctx.addIssue({ code: 'custom', path: ['start'], message: `"${session.start}" is not a date and time that exists` });
    }
    if (session.rrule !== undefined) {
      const recurrence = parseRecurrence(session.rrule);
      if ('problem' in recurrence) ctx.addIssue({ code: 'custom', path: ['rrule'], message: recurrence.problem });
    }
  });

