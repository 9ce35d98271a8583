// The settings of office-hours (config.tasks["office-hours"].settings), with their defaults.
import { z } from 'zod';
import { checkFileSetting } from '../../src/config/load-config';
import { normaliseTitle } from '../../src/core/title';
import { readScheduleFile } from '../shared/office-hour-schedule/schedule-file';
import type { ScheduleSource } from '../shared/office-hour-schedule/schedule';
import { trustedEditorsSchema } from '../shared/office-hour-schedule/trusted-editors';

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
    /** Each department's own schedule page, which staff edit (`{page}` is the department page); null for none. */
    departmentSchedulePage: z.string().min(1).includes('{page}').nullable().default('{page}/Office hours.json'),
    /** Whose revisions of a department schedule page are published (the bot's own always are). */
    trustedEditors: trustedEditorsSchema.default({ users: [], groups: [] }),
    /** Extends trustedEditors; a user's .json subpage, which only that user and interface administrators may edit. */
    trustedEditorsPage: z.string().min(1).nullable().default('User:DeptBot/trusted-editors.json'),
    /** Hosts (and subdomains) on-wiki meeting links may point to; empty for any http(s) link. */
    meetingHosts: z.array(z.string().trim().min(1)).default([]),
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

/** Where office-hours reads its sessions: the file, the bot's JSON page and the departments' own pages. */
export function scheduleSourceOf(settings: OfficeHoursSettings): ScheduleSource {
  const { scheduleFile, onWikiPage, departmentSchedulePage, trustedEditors, trustedEditorsPage, meetingHosts } = settings;
  if (departmentSchedulePage === null) return { scheduleFile, onWikiPage, meetingHosts };
  const departments = settings.pages.map((page) => page.title);
  return { scheduleFile, onWikiPage, meetingHosts, departments: { pageTemplate: departmentSchedulePage, departments, trustedEditors, trustedEditorsPage } };
}
