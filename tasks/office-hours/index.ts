// Task office-hours: keeps the "Office hours" section of department pages current from the
// schedule (config/office-hours.yaml + the on-wiki JSON page), and reports stale announcements.
import { z } from 'zod';
import { checkFileSetting } from '../../src/config/load-config';
import { mapInSlices } from '../../src/core/in-slices';
import { partsOf, type Task, type TaskContext, type TaskPlan } from '../../src/core/task';
import { findStaleAnnouncements } from './find-stale-announcements';
import { pageSessions, type PageSessions } from './next-sessions';
import { formatUtc } from './render-schedule';
import { isTranslatable } from './translation-units';
import { readScheduleFile } from './schedule-file';
import { loadSchedule } from './schedule';
import { normaliseTitle, type Session } from './session';
import { REGION, updateOfficeHours, type PageLayout } from './update-office-hours';

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

interface Target {
  title: string;
  layout: PageLayout;
}

/** The configured pages, then any other page a session names (staff can start a page from the JSON page). */
function targetsOf(settings: OfficeHoursSettings, sessionPages: readonly string[]): Target[] {
  const targets = new Map<string, Target>();
  const add = (title: string, manage: PageLayout['manage']) => {
    const key = normaliseTitle(title);
    if (!targets.has(key)) targets.set(key, { title, layout: { manage, sectionTitles: settings.sectionTitles } });
  };
  for (const page of settings.pages) add(page.title, page.manage);
  for (const page of sessionPages) add(page, 'region');
  return [...targets.values()];
}

function summaryOf(sessions: PageSessions): string {
  const next = sessions.upcoming.find((o) => !o.cancelled);
  const past = sessions.past.length ? `; ${sessions.past.length} past session(s) listed` : '';
  return next ? `Office hours: next session ${formatUtc(next.start)}${past}` : `Office hours: no upcoming session${past}`;
}

/** One part of the pages: read and planned together, while their sessions are worked out. */
async function planPart(
  ctx: TaskContext<OfficeHoursSettings>,
  targets: readonly Target[],
  sessionsByPage: ReadonlyMap<string, Session[]>,
): Promise<Required<TaskPlan>> {
  const { settings } = ctx;
  const limits = { upcoming: settings.upcomingShown, horizonDays: settings.horizonDays, past: settings.pastShown };
  const plan: Required<TaskPlan> = { actions: [], records: [], notes: [] };
  // The schedule needs no page text: it is worked out while the pages are being read.
  const [pages, sessionsOfTargets] = await Promise.all([
    ctx.wiki.readPages(targets.map((t) => t.title)),
    mapInSlices(targets, (target) => pageSessions(sessionsByPage.get(normaliseTitle(target.title)) ?? [], target.title, ctx.now, limits)),
  ]);
  for (const [index, target] of targets.entries()) {
    const page = pages.get(target.title);
    const title = page?.title ?? target.title;
    const sessions = sessionsOfTargets[index];
    for (const stale of page?.exists && page.text ? findStaleAnnouncements(page.text, ctx.now, settings.sectionTitles) : []) {
      ctx.log.info('stale office-hours announcement found', { page: title, date: stale.date, section: stale.section });
      plan.notes.push(`${title}: the ${stale.section} section still announces ${stale.dateText} ("${stale.sentence}")`);
      plan.records.push({
        kind: 'signal',
        signal: {
          type: 'stale-office-hours',
          page: title,
          key: `stale-office-hours:${title}:${stale.date}`,
          data: { sentence: stale.sentence, date: stale.date, section: stale.section, dateText: stale.dateText },
        },
      });
    }
    plan.actions.push({
      kind: 'edit',
      title: target.title,
      summary: summaryOf(sessions),
      // With manage: section the whole section body is the bot's, which a region check cannot express.
      ...(target.layout.manage === 'region' ? { regions: [REGION] } : {}),
      transform: (text) => updateOfficeHours(text, sessions, target.layout),
      // Translation pages show the sessions only once the source is marked again (the writer does it, or says why not).
      ...(page?.text && isTranslatable(page.text) ? { markForTranslation: true } : {}),
    });
  }
  return plan;
}

export const officeHoursTask: Task<OfficeHoursSettings> = {
  name: 'office-hours',
  description: 'Keeps the office-hour schedule on department pages current and reports stale office-hour announcements.',
  edits:
    'the "Office hours" section of department pages: only inside its managed region, or the whole section body where config says manage: section',
  defaultSchedule: '17 * * * *',
  settingsSchema: officeHoursSettings,
  /**
   * The schedule is loaded once; the pages are read and planned in parts of `ctx.pagesPerPart`
   * (Task.plan). The schedule's own records and notes come with the first part.
   */
  async *plan(ctx) {
    const { settings } = ctx;
    const schedule = await loadSchedule(ctx, settings);
    const only = ctx.onlyPage !== undefined ? normaliseTitle(ctx.onlyPage) : undefined;
    const targets = targetsOf(settings, schedule.sessions.map((s) => s.page)).filter(
      (t) => only === undefined || normaliseTitle(t.title) === only,
    );
    // Each page's sessions, found once: filtering the whole schedule for every page grew as
    // pages × sessions (160 s at 10,000 pages in the benchmark).
    const sessionsByPage = new Map<string, Session[]>();
    for (const session of schedule.sessions) {
      const key = normaliseTitle(session.page);
      const list = sessionsByPage.get(key);
      if (list) list.push(session);
      else sessionsByPage.set(key, [session]);
    }
    const parts = partsOf(targets, ctx.pagesPerPart);
    for (const [index, part] of parts.entries()) {
      const plan = await planPart(ctx, part, sessionsByPage);
      yield index > 0 ? plan : { actions: plan.actions, records: [...schedule.records, ...plan.records], notes: [...schedule.notes, ...plan.notes] };
    }
  },
  /** For `deptbot validate`: the schedule file (throws ConfigError) and every problem with the on-wiki page. */
  async validate(ctx): Promise<string[]> {
    return (await loadSchedule(ctx, ctx.settings)).notes;
  },
};
