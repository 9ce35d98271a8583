// The settings of office-hours (config.tasks["office-hours"].settings), with their defaults.
import { z } from 'zod';
import { checkFileSetting } from '../../src/config/load-config';
import { normaliseTitle } from '../../src/core/title';
import { readScheduleFile } from '../shared/office-hour-schedule/schedule-file';

const pageSettings = z
  .object({
    title: z.string().trim().min(1),
    manage: z.enum(['region', 'section']).default('region'),
  })
  .strict();

export const officeHoursSettings = z
  .object({
    /** Relative paths are read from the working directory, like ledger.path and log.file. */
    scheduleFile: z.string().min(1).default('config/office-hours.yaml'),
    onWikiPage: z.string().min(1).nullable().default('User:DeptBot/office-hours.json'),
    pages: z.array(pageSettings).default([]),
    sectionTitles: z.array(z.string().min(1)).min(1).default(['Office hours']),
    upcomingShown: z.number().int().min(1).max(20).default(3),
    horizonDays: z.number().int().min(1).max(3660).default(366),
    pastShown: z.number().int().min(0).max(50).default(5),
  })
  .strict()
  .superRefine((settings, ctx) => {
    const seen = new Set<string>();
    settings.pages.forEach((page, index) => {
      const title = normaliseTitle(page.title);
      if (seen.has(title)) ctx.addIssue({ code: 'custom', path: ['pages', index, 'title'], message: `"${page.title}" is listed twice` });
      seen.add(title);
    });
    // Validated with the config, so an invalid schedule file stops start-up. The ConfigError it
    // throws names config/office-hours.yaml, its line and the entry, which an issue here could not;
    // a file that cannot be read is an issue on scheduleFile, naming the config line that set it.
    checkFileSetting(ctx, 'scheduleFile', settings.scheduleFile, readScheduleFile);
  });

export type OfficeHoursSettings = z.infer<typeof officeHoursSettings>;
