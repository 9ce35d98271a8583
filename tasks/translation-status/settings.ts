// The settings of translation-status (config: tasks.translation-status.settings), validated at start-up.
import { z } from 'zod';

/** A MediaWiki language code as Translate uses them: `de`, `zh-hans`, `be-tarask`, `sr-ec`. */
const languageCode = z
  .string()
  .regex(/^[a-z]{2,3}(-[a-z0-9]+)*$/, { message: 'expected a language code such as "de" or "zh-hans"' });

const percent = z.number().int().min(0).max(100);

const thresholds = z
  .object({
    /** A priority language below this percentage raises a `translation-below-threshold` signal. */
    priorityPercent: percent.default(50),
    /** Per-language overrides of priorityPercent, e.g. { de: 80 }. */
    priorityPercentByLanguage: z.record(languageCode, percent).default({}),
    /** A language falling from at or above one of these to below it since the previous run raises `translation-fell-below`. */
    fellBelowPercents: z.array(percent).default([90, 50]),
    /** More outdated units than this in a language raises `translation-outdated`. */
    outdatedUnits: z.number().int().min(0).default(3),
  })
  .strict();

export const translationStatusSettings = z
  .object({
    /** Where the report is kept (inside its managed region). */
    reportPage: z.string().min(1).default('User:DeptBot/Translation status'),
    /** Translatable pages watched by name. */
    pages: z.array(z.string().min(1)).default([]),
    /** Also watch every translatable page whose title starts with one of these (meta=messagegroups, mgfilter=page-<prefix>*). */
    discoverPrefixes: z.array(z.string().min(1)).default([]),
    /** Reported even at 0 %, and checked against their threshold. */
    priorityLanguages: z.array(languageCode).default([]),
    thresholds: thresholds.prefault({}),
    /** Re-reads of a page's statistics while Translate is rebuilding its cache, before reporting "stats incomplete". */
    statsRetries: z.number().int().min(0).max(10).default(3),
    /** Wait before each of those re-reads. */
    retryDelayMs: z.number().int().min(0).max(600_000).default(10_000),
  })
  .strict()
  .superRefine((settings, ctx) => {
    for (const code of Object.keys(settings.thresholds.priorityPercentByLanguage)) {
      if (!settings.priorityLanguages.includes(code)) {
        ctx.addIssue({
          code: 'custom',
          path: ['thresholds', 'priorityPercentByLanguage', code],
          message: `"${code}" is not one of priorityLanguages (${settings.priorityLanguages.join(', ') || 'none'})`,
        });
      }
    }
  });

export type TranslationStatusSettings = z.infer<typeof translationStatusSettings>;
export type Thresholds = TranslationStatusSettings['thresholds'];

/** The threshold a priority language is held to. */
export function priorityThreshold(thresholds: Thresholds, code: string): number {
  return thresholds.priorityPercentByLanguage[code] ?? thresholds.priorityPercent;
}
