// The settings of talk-reminders (config: tasks.talk-reminders.settings), checked at start-up: a
// message with a placeholder its kind does not offer stops the bot with the path of the message.
import { z } from 'zod';
import { checkFileSetting } from '../../src/config/load-config';
import { readScheduleFile } from '../shared/office-hour-schedule/schedule-file';
import { DEFAULT_MESSAGES, PLACEHOLDERS, REMINDER_KINDS, type ReminderKind } from './reminder-kinds';
import { unknownPlaceholders } from './render-message';

/** A MediaWiki language code as `pagelanguage` gives them: `de`, `zh-hans`, `be-tarask`. */
const LANGUAGE_CODE = /^[a-z]{2,3}(-[a-z0-9]+)*$/;
const LANGUAGE_MESSAGE = 'expected a language code such as "de" or "zh-hans"';
const languageCode = z.string().regex(LANGUAGE_CODE, { message: LANGUAGE_MESSAGE });

/** Reports placeholders that `kind` does not offer, at the field that uses them. */
function checkPlaceholders(kind: ReminderKind) {
  const known = PLACEHOLDERS[kind];
  return (text: { sectionTitle: string; body: string }, ctx: z.RefinementCtx) => {
    for (const field of ['sectionTitle', 'body'] as const) {
      const unknown = unknownPlaceholders(text[field], known);
      if (!unknown.length) continue;
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message: `unknown placeholder ${unknown.map((p) => `{${p}}`).join(', ')}; ${kind} offers ${known.map((p) => `{${p}}`).join(', ')}`,
      });
    }
  };
}

const textFields = { sectionTitle: z.string().trim().min(1), body: z.string().trim().min(1) };

function message(kind: ReminderKind) {
  const variant = z.object(textFields).strict().superRefine(checkPlaceholders(kind));
  return z
    .object({
      ...textFields,
      // Keys checked here rather than by the record's key schema, whose issue would only say "Invalid key in record".
      languages: z
        .record(z.string(), variant)
        .superRefine((languages, ctx) => {
          for (const code of Object.keys(languages)) {
            if (!LANGUAGE_CODE.test(code)) ctx.addIssue({ code: 'custom', path: [code], message: LANGUAGE_MESSAGE });
          }
        })
        .default({}),
    })
    .strict()
    .superRefine(checkPlaceholders(kind))
    .default({ ...DEFAULT_MESSAGES[kind], languages: {} });
}

const messages = z
  .object(Object.fromEntries(REMINDER_KINDS.map((kind) => [kind, message(kind)])) as { [K in ReminderKind]: ReturnType<typeof message> })
  .strict()
  .prefault({});

export const talkRemindersSettings = z
  .object({
    /** The language the messages (and their defaults) are written in; variants are added per language. */
    defaultLanguage: languageCode.default('en'),
    messages,
    /** Talk pages in this category get no reminders (the mass-message convention on Meta). */
    optOutCategory: z.string().trim().min(1).default('Opted-out of message delivery'),
    /** At most `posts` reminders on one talk page within `days` days; the rest wait for a later run. */
    frequency: z
      .object({ posts: z.number().int().min(1).default(1), days: z.number().min(0).default(7) })
      .strict()
      .prefault({}),
    /** Reminders posted by one run at most; the rest wait for the next run. */
    maxPostsPerRun: z.number().int().min(0).default(10),
    /** Reminders of upcoming office hours, from the office-hours schedule (the same sources that task reads). */
    officeHours: z
      .object({
        enabled: z.boolean().default(true),
        /** Post this many days before a session (once per session). */
        daysBefore: z.number().min(0).max(60).default(3),
        scheduleFile: z.string().trim().min(1).default('config/office-hours.yaml'),
        onWikiPage: z.string().trim().min(1).nullable().default('User:DeptBot/office-hours.json'),
      })
      .strict()
      // As office-hours does: an invalid schedule file stops start-up, naming its line and entry. The
      // parse is kept for the runs (re-read only when the file changes).
      .superRefine((officeHours, ctx) => {
        if (officeHours.enabled) checkFileSetting(ctx, 'scheduleFile', officeHours.scheduleFile, readScheduleFile);
      })
      .prefault({}),
  })
  .strict();

export type TalkRemindersSettings = z.infer<typeof talkRemindersSettings>;

