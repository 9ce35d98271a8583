// A small test-only task: keeps a managed region "test-note" on given pages saying a given line.
import { z } from 'zod';
import { findRegion, renderRegion, replaceRegionBody } from '../../src/core/managed-region';
import { partsOf, type Task, type TaskPlan } from '../../src/core/task';

export const appendSettings = z
  .object({
    pages: z.array(z.string()).default([]),
    line: z.string().default('Checked by deptbot.'),
    /** Where a missing region is added: at the end of the page, or at the top (as a banner is). */
    at: z.enum(['end', 'top']).default('end'),
    sections: z.array(z.object({ page: z.string(), key: z.string(), title: z.string(), body: z.string() })).default([]),
  })
  .strict();

export type AppendSettings = z.infer<typeof appendSettings>;

/** Puts `line` in the region, adding the region at the end of the page (or at its top) when it is missing. */
export function upsertNote(text: string, line: string, at: AppendSettings['at'] = 'end') {
  if (findRegion(text, 'test-note').kind === 'absent') {
    if (at === 'top') return { text: `${renderRegion('test-note', line)}\n${text}` };
    return { text: `${text.replace(/\n*$/, '')}\n\n${renderRegion('test-note', line)}\n` };
  }
  return replaceRegionBody(text, 'test-note', line);
}

export const appendTask: Task<AppendSettings> = {
  name: 'test-append',
  description: 'Test-only: keeps a note in a managed region.',
  edits: 'the pages named in its settings',
  defaultSchedule: '*/5 * * * *',
  settingsSchema: appendSettings,
  /** A part per `ctx.pagesPerPart` pages, then one with the new sections. */
  async *plan(ctx): AsyncGenerator<TaskPlan> {
    for (const pages of partsOf(ctx.settings.pages, ctx.pagesPerPart)) {
      yield {
        actions: pages.map((title) => ({
          kind: 'edit' as const,
          title,
          summary: `Noting "${ctx.settings.line}"`,
          regions: ['test-note'],
          transform: (text: string) => upsertNote(text, ctx.settings.line, ctx.settings.at),
        })),
      };
    }
    yield {
      actions: ctx.settings.sections.map((s) => ({
        kind: 'new-section' as const,
        title: s.page,
        sectionTitle: s.title,
        body: s.body,
        dedupeKey: `test:${s.key}`,
        summary: `Posting "${s.title}"`,
      })),
    };
  },
};
