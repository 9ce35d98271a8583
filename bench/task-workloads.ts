// How the benchmark gives each registered task a department of N pages to plan for, what the API's
// batch limits allow at best for that work, and that best case sent with a plain HTTP client.
import fs from 'node:fs';
import path from 'node:path';
import { dump } from 'js-yaml';
import { batchesOf } from '../src/core/batches';
import { PAGE_STATE_PARAMS } from '../src/wiki/client';
import { benchDepartment, departmentTitles, subpageTitles, type Department } from './department-dump';
import type { RawApi } from './raw-api';
import type { LanguageStats } from '../tasks/translation-status/read-stats';
import { benchPreviousFigures, PREVIOUS_RUN_AT } from './translate-stats';
import { previousTranslatedFigures, translatedDepartment } from './translated-department';

/** What one request may carry: titles a read (50, or 500 with apihighlimits) and items a list (500, or 5,000). */
export interface BatchLimits {
  titlesPerRead: number;
  itemsPerList: number;
}

export const NORMAL_LIMITS: BatchLimits = { titlesPerRead: 50, itemsPerList: 500 };
export const HIGH_LIMITS: BatchLimits = { titlesPerRead: 500, itemsPerList: 5000 };

/** The fewest requests for the work: content reads, list pages, and per-run queries whose number does not grow with N. */
export interface RequestBound {
  reads: number;
  lists: number;
  fixed: number;
}

export function totalRequests(bound: RequestBound): number {
  return bound.reads + bound.lists + bound.fixed;
}

export interface Workload {
  /** The task's settings (config: tasks.<name>.settings) so that one run covers every page of the department; files go in `scratchDir`. */
  settings(department: Department, scratchDir: string): unknown;
  lowerBound(department: Department, limits: BatchLimits): RequestBound;
  /** Sends exactly the requests of the lower bound (at the given limits) with the plain client. */
  sendMinimalRequests(api: RawApi, department: Department, limits: BatchLimits): Promise<void>;
  /** Why the fixed requests are needed, for the README's Performance section. */
  fixedRequests: string;
  /** The department of `pages` pages the task plans for (bench/department-dump.ts's plain one when not given). */
  department?(pages: number): Department;
  /** Runs against the Translate replay in front of the wiki (generated statistics) rather than the wiki's own Translate. */
  viaTranslateReplay?(department: Department): boolean;
  /** The figures a run before the measured one kept (translation-status' trend column compares with them). */
  previousRun?(department: Department): PreviousRun;
}

/** Translation figures kept by an earlier run: deptbot finds them in its ledger, the peer in a JSON file (bench/run-one.ts). */
export interface PreviousRun {
  takenAt: string;
  titles: readonly string[];
  /** A page's reported languages then (null: none kept), asked page by page. */
  figuresOf(title: string): LanguageStats[] | null;
}

/** The department `taskName` plans for at `pages` pages. */
export function departmentOf(taskName: string, pages: number): Department {
  return workloads[taskName]?.department?.(pages) ?? benchDepartment(pages);
}

/** office-hours and talk-reminders read this page for staff-added sessions (their default setting). */
const ON_WIKI_SCHEDULE = 'User:DeptBot/office-hours.json';

/** An office-hours schedule with one session per page: monthly from January 2026, or once at `start`. */
function writeSchedule(scratchDir: string, name: string, titles: readonly string[], start: string, rrule?: string): string {
  const file = path.join(scratchDir, `${name}.yaml`);
  const sessions = titles.map((page, index) => ({
    id: `bench-${index}`,
    page,
    start,
    timeZone: 'UTC',
    durationMinutes: 60,
    language: 'en',
    link: `https://meet.example.org/bench-${index}`,
    ...(rrule ? { rrule } : {}),
  }));
  fs.writeFileSync(file, dump({ sessions })); // js-yaml, which deptbot reads schedules with: the measured process loads no other YAML library
  return file;
}

const HISTORICAL_TEMPLATE = 'Historical';

/**
 * historical-banner: the department is retired with its subpages. Reads: the template, the root and
 * every subpage; lists: the subpages (list=allpages); fixed: the redirects to the template
 * (list=backlinks), and paraminfo for action=markfortranslation (asked once when translatable pages
 * need re-marking). Siteinfo (Translate? languages) is read at connect, with the login.
 */
const historicalBanner: Workload = {
  settings: (department) => ({
    template: HISTORICAL_TEMPLATE,
    retired: [{ title: department.root, retiredOn: '2019-11', comment: 'Benchmark department.', includeSubpages: true }],
    active: [],
  }),
  lowerBound: (department, limits) => ({
    reads: Math.ceil((department.pages + 1) / limits.titlesPerRead),
    lists: Math.max(1, Math.ceil((department.pages - 1) / limits.itemsPerList)),
    fixed: 2,
  }),
  async sendMinimalRequests(api, department, limits) {
    await api.readPages([`Template:${HISTORICAL_TEMPLATE}`, department.root], limits.titlesPerRead);
    await api.getAll(
      { action: 'query', list: 'backlinks', bltitle: `Template:${HISTORICAL_TEMPLATE}`, blfilterredir: 'redirects', blnamespace: 10, bllimit: 'max' },
      () => undefined,
    );
    const subpages: string[] = [];
    await api.getAll(
      { action: 'query', list: 'allpages', apnamespace: 0, apprefix: `${department.root}/`, apfilterredir: 'nonredirects', aplimit: limits.itemsPerList },
      (response) => subpages.push(...(response.query?.allpages ?? []).map((page: { title: string }) => page.title)),
    );
    if (subpages.length !== subpageTitles(department).length) throw new Error(`raw client: ${department.root} lists ${subpages.length} subpages`);
    await api.readPages(subpages, limits.titlesPerRead);
    await api.get({ action: 'paraminfo', modules: 'markfortranslation' });
  },
  fixedRequests: 'list=backlinks (redirects to the template), paraminfo (markfortranslation)',
};

/** Where office-hours looks for each department's own schedule page (its default setting, `{page}/Office hours.json`). */
export const departmentSchedulePage = (title: string): string => `${title}/Office hours.json`;

/** office-hours extends its trusted editors from this page (its default setting). */
const TRUSTED_EDITORS_PAGE = 'User:DeptBot/trusted-editors.json';

/**
 * office-hours: every page of the department is configured, and each has a monthly session. Reads:
 * every page, and what the schedule needs before a page can be planned: each department's own
 * schedule page (`{page}/Office hours.json`, one per page: every bench page is a department), the
 * trusted-editors page and the on-wiki schedule page. All are titles to read, so at best they share
 * batches: 2N + 2 titles. No lists, no other queries (none of the schedule pages exists, so no
 * history is needed).
 */
const officeHours: Workload = {
  settings: (department, scratchDir) => ({
    scheduleFile: writeSchedule(scratchDir, `office-hours-${department.pages}`, departmentTitles(department), '2026-01-08T16:00', 'FREQ=MONTHLY;BYDAY=2TH'),
    onWikiPage: ON_WIKI_SCHEDULE,
    pages: departmentTitles(department).map((title) => ({ title, manage: 'region' })),
  }),
  lowerBound: (department, limits) => ({ reads: Math.ceil((2 * department.pages + 2) / limits.titlesPerRead), lists: 0, fixed: 0 }),
  async sendMinimalRequests(api, department, limits) {
    const titles = departmentTitles(department);
    await api.readPages([ON_WIKI_SCHEDULE, TRUSTED_EDITORS_PAGE, ...titles.map(departmentSchedulePage), ...titles], limits.titlesPerRead);
  },
  fixedRequests: 'none (the on-wiki schedule page, the trusted-editors page and one schedule page per department are titles to read)',
};

const REPORT_PAGE = 'User:DeptBot/Translation status';

/**
 * Up to this many pages translation-status plans for a department marked for translation on the bench
 * wiki by the real Translate (bench/translated-department.ts); beyond, the Translate replay's generated
 * statistics stand in: putting 10,000 pages in place through Translate would take more than an hour,
 * and asking it for their statistics in every round 15 minutes a round (README "Performance").
 */
const REAL_TRANSLATE_MAX_PAGES = 1000;

/**
 * translation-status: every page of the department is watched, and each is marked for translation
 * with translations: in three languages by the real Translate, or in ten by the replay's generated
 * statistics (bench/translate-stats.ts) for larger departments; a run before kept figures of every
 * page, a third of which changed since (the trend column). Translate's statistics take one group a
 * request, so N requests are the floor; plus the page languages (prop=info) and the report page
 * (whether Translate is there comes from the siteinfo read at connect).
 */
const translationStatus: Workload = {
  department: (pages) => (pages <= REAL_TRANSLATE_MAX_PAGES ? translatedDepartment(pages) : benchDepartment(pages)),
  settings: (department) => ({ reportPage: REPORT_PAGE, pages: departmentTitles(department), priorityLanguages: [], statsRetries: 0, retryDelayMs: 0 }),
  lowerBound: (department, limits) => ({
    reads: department.pages + Math.ceil(department.pages / limits.titlesPerRead) + 1,
    lists: 0,
    fixed: 0,
  }),
  async sendMinimalRequests(api, department, limits) {
    const titles = departmentTitles(department);
    for (const batch of batchesOf(titles, limits.titlesPerRead)) await api.post({ action: 'query', prop: 'info', titles: batch });
    for (const title of titles) await api.get({ action: 'query', meta: 'messagegroupstats', mgsgroup: `page-${title}` });
    await api.readPages([REPORT_PAGE], limits.titlesPerRead);
  },
  fixedRequests: 'none',
  viaTranslateReplay: (department) => !department.translated,
  previousRun: (department) => ({
    takenAt: PREVIOUS_RUN_AT,
    titles: departmentTitles(department),
    figuresOf: department.translated ? previousTranslatedFigures(department) : benchPreviousFigures(),
  }),
};

const MAX_POSTS_PER_RUN = 10;

/**
 * talk-reminders: every page of the department has an office hour in two days, so a reminder is due
 * on each talk page (none of which exists yet); the per-run cap lets 10 go out. Reads: every talk
 * page; fixed: the on-wiki schedule page (the namespaces come from the siteinfo read at connect). A missing talk page has no
 * history, so no request is needed to look for an earlier post of the reminder there.
 */
const talkReminders: Workload = {
  settings: (department, scratchDir) => ({
    maxPostsPerRun: MAX_POSTS_PER_RUN,
    officeHours: {
      enabled: true,
      daysBefore: 3,
      scheduleFile: writeSchedule(scratchDir, `talk-reminders-${department.pages}`, departmentTitles(department), new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 16)),
      onWikiPage: ON_WIKI_SCHEDULE,
    },
  }),
  lowerBound: (department, limits) => ({ reads: Math.ceil(department.pages / limits.titlesPerRead) + 1, lists: 0, fixed: 0 }),
  async sendMinimalRequests(api, department, limits) {
    await api.readPages([ON_WIKI_SCHEDULE], limits.titlesPerRead);
    const talk = departmentTitles(department).map((title) => `Talk:${title}`);
    for (const batch of batchesOf(talk, limits.titlesPerRead)) {
      // The task's own query (tasks/talk-reminders/resolve-talk-page.ts): a page state plus the opt-out category.
      await api.post({
        action: 'query',
        ...PAGE_STATE_PARAMS,
        prop: `${PAGE_STATE_PARAMS.prop}|categories`,
        titles: batch,
        redirects: true,
        clcategories: 'Category:Opted-out of message delivery',
        cllimit: 'max',
      });
    }
  },
  fixedRequests: 'none',
};

/** Every task the benchmark knows how to load; a registered task missing here is reported as not measured. */
export const workloads: Readonly<Record<string, Workload>> = {
  'historical-banner': historicalBanner,
  'office-hours': officeHours,
  'translation-status': translationStatus,
  'talk-reminders': talkReminders,
};
