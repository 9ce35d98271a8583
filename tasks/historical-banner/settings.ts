// The settings of historical-banner (config: tasks.historical-banner.settings), checked at start-up.
import { z } from 'zod';
import { findTemplates, normaliseTemplateName } from '../../src/wikitext/parse';
import { PLACEHOLDERS, bannerParameters, isValidRetiredOn, renderBanner } from './render-banner';

const retiredDepartment = z
  .object({
    title: z.string().trim().min(1),
    retiredOn: z.string().refine(isValidRetiredOn, {
      message: 'expected the date the department was retired as "YYYY-MM" or "YYYY-MM-DD", e.g. "2019-11"',
    }),
    comment: z.string().trim().min(1).optional(),
    includeSubpages: z.boolean().default(true),
  })
  .strict();

export type RetiredDepartment = z.infer<typeof retiredDepartment>;

/** Title comparison as MediaWiki does it for these pages (first letter, underscores, spaces). */
function samePage(a: string, b: string): boolean {
  // Department pages are never templates, so the template-name rule is the title rule here.
  return normaliseTemplateName(a) === normaliseTemplateName(b);
}

export const historicalBannerSettings = z
  .object({
    /** The banner template, without the `Template:` prefix. Redirects to it are resolved on the wiki. */
    template: z.string().trim().min(1).default('Historical'),
    /** Parameters written into a new banner: name → value, with {comment}, {retired} and {department}. */
    parameters: z
      .record(
        z.string().regex(/^[^|={}]+$/, { message: 'expected a template parameter name' }),
        z.string().refine((value) => [...value.matchAll(/\{(\w+)\}/g)].every((m) => (PLACEHOLDERS as readonly string[]).includes(m[1])), {
          message: `unknown placeholder; expected ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
        }),
      )
      .default({ comment: '{comment}', date: '{retired}' }),
    retired: z.array(retiredDepartment).default([]),
    /** Pages of active departments: a banner found on one is reported, never added and never removed. */
    active: z.array(z.string().trim().min(1)).default([]),
  })
  .strict()
  .superRefine((settings, issues) => {
    settings.retired.forEach((department, index) => {
      if (settings.active.some((title) => samePage(title, department.title))) {
        issues.addIssue({
          code: 'custom',
          path: ['retired', index, 'title'],
          message: `"${department.title}" is listed both as retired and as active`,
        });
      }
      // Zod runs this refinement even when a field failed; the date has its own message then.
      if (!isValidRetiredOn(department.retiredOn)) return;
      // A value that would not read back as the same parameters (a stray "|" or "}}") would break the page.
      const params = bannerParameters(settings.parameters, department);
      const [parsed] = findTemplates(renderBanner(settings.template, params));
      const readBack = parsed?.params.map((p) => ({ name: p.name, value: p.value.trim() }));
      if (JSON.stringify(readBack) !== JSON.stringify(params)) {
        issues.addIssue({
          code: 'custom',
          path: ['retired', index, 'comment'],
          message: 'the banner would not read back as written; write "|" as {{!}} and keep templates balanced',
        });
      }
    });
  });

export type HistoricalBannerSettings = z.infer<typeof historicalBannerSettings>;
