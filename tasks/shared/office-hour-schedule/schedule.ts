// The office-hour schedule, shared by office-hours (which keeps the pages current) and talk-reminders
// (which reminds of upcoming sessions): `loadSchedule` reads and merges the two sources,
// `expandOccurrences` dates the sessions. Both tasks import it from here, neither from the other;
// the last good on-wiki sessions are office-hours' ledger state, read through its ledger.ts.
import type { Logger } from 'winston';
import type { LedgerReader, LedgerRecord } from '../../../src/ledger/records';
import type { PageState, WikiReader } from '../../../src/wiki/client';
import { errorMessage } from '../../../src/core/errors';
import { keepLastGoodSessions, lastGoodSessions } from '../../office-hours/ledger';
import { mergeDepartmentSchedules, readDepartmentPages, type DepartmentPagesRead, type DepartmentScheduleSource } from './department-schedules';
import { mergeSchedule, type OnWikiRead } from './merge-schedule';
import { readSchedule } from './schedule-file';
import type { Session } from './session';

export { expandOccurrences, occurrenceEnd, type Occurrence } from './expand-occurrences';
export type { Session } from './session';

export interface ScheduleSource {
  /** The deployed schedule, e.g. `config/office-hours.yaml` (relative to the working directory). */
  scheduleFile: string;
  /** The on-wiki JSON page, e.g. `User:DeptBot/office-hours.json`; null for none. */
  onWikiPage: string | null;
  /** Hosts (and subdomains) meeting links on the wiki may point to; absent or empty for any http(s) host. */
  meetingHosts?: readonly string[];
  /** The departments' own schedule pages, which staff edit; absent for none. */
  departments?: DepartmentScheduleSource;
}

/** What loading needs from a task's context (any task's `ctx` fits). */
export interface ScheduleContext {
  readonly now: Date;
  readonly wiki: WikiReader;
  readonly ledger: LedgerReader;
  readonly log: Logger;
}

export interface LoadedSchedule {
  sessions: Session[];
  /** Problems with the on-wiki page, one line each, for the plan's notes (and so the status page). */
  notes: string[];
  /**
   * Keeps the on-wiki data as the last good data. Only the office-hours task should put this in
   * its plan: the ledger files task state under the running task's name.
   */
  records: LedgerRecord[];
}

async function readOnWiki(wiki: WikiReader, title: string | null): Promise<OnWikiRead> {
  if (title === null) return { kind: 'disabled' };
  try {
    return onWikiReadOf(title, (await wiki.readPages([title])).get(title));
  } catch (error) {
    return { kind: 'unreadable', title, reason: errorMessage(error) };
  }
}

function onWikiReadOf(title: string, page: PageState | undefined): OnWikiRead {
  return page ? { kind: 'read', title, page } : { kind: 'unreadable', title, reason: 'the wiki did not return it' };
}

/** What the sources on the wiki gave: the on-wiki JSON page, and the departments' pages when there are any. */
interface WikiSources {
  onWiki: OnWikiRead;
  departmentPages?: DepartmentPagesRead;
}

/**
 * Reads the on-wiki page and the departments' pages. With departments, the on-wiki page is one more
 * title of their batched read (⌈(departments + 2) ÷ 500⌉ requests, not one more request).
 */
async function readWikiSources(ctx: ScheduleContext, source: ScheduleSource): Promise<WikiSources> {
  if (!source.departments) return { onWiki: await readOnWiki(ctx.wiki, source.onWikiPage) };
  const title = source.onWikiPage;
  const departmentPages = await readDepartmentPages(ctx, source.departments, title === null ? [] : [title]);
  const { latest, failure } = departmentPages;
  if (title === null) return { onWiki: { kind: 'disabled' }, departmentPages };
  if (!latest) return { onWiki: { kind: 'unreadable', title, reason: failure ?? 'the wiki did not return it' }, departmentPages };
  return { onWiki: onWikiReadOf(title, latest.get(title)), departmentPages };
}

/**
 * Reads config/office-hours.yaml (throws ConfigError when it is invalid) and the on-wiki page, and
 * merges them. Invalid on-wiki entries, and exdate or overrides entries of either source that
 * cannot be applied, are skipped (logged and returned as notes); when the page
 * cannot be used at all, the last good on-wiki sessions kept by the office-hours task are used.
 */
export async function loadSchedule(ctx: ScheduleContext, source: ScheduleSource): Promise<LoadedSchedule> {
  const file = readSchedule(source.scheduleFile);
  const { onWiki, departmentPages } = await readWikiSources(ctx, source);
  const lastGood = lastGoodSessions(ctx.ledger);
  const merged = mergeSchedule(file.sessions, onWiki, lastGood, ctx.now, { meetingHosts: source.meetingHosts });
  const departments =
    source.departments && departmentPages
      ? mergeDepartmentSchedules(ctx, merged.sessions, source.departments, source.meetingHosts ?? [], departmentPages)
      : { sessions: merged.sessions, problems: [], notes: [], records: [] };
  const problems = [...merged.problems, ...departments.problems];
  for (const problem of file.problems) ctx.log.warn('office-hours schedule problem', { file: source.scheduleFile, problem });
  for (const problem of problems) {
    ctx.log.warn('office-hours schedule problem', { page: problem.page, entry: problem.entry, problem: problem.message });
  }
  for (const note of departments.notes) ctx.log.warn('office-hours schedule page note', { note });
  return {
    sessions: departments.sessions,
    notes: [...file.problems, ...problems.map((p) => p.message), ...departments.notes],
    records: [...(merged.lastGood ? [keepLastGoodSessions(merged.lastGood)] : []), ...departments.records],
  };
}
