// Each department's own schedule page (e.g. `Sales/Office hours.json`), which staff edit: its
// sessions are published from the latest revision by a trusted editor only (trusted-revisions.ts),
// checked entry by entry as the other sources are, and its last good data is kept per page.
import { errorMessage } from '../../../src/core/errors';
import type { LedgerRecord } from '../../../src/ledger/records';
import type { PageState } from '../../../src/wiki/client';
import { keepLastGoodSessions, lastGoodSessionsOfPages } from '../../office-hours/ledger';
import { mergeSchedule, type OnWikiRead, type ScheduleProblem } from './merge-schedule';
import type { ScheduleContext } from './schedule';
import type { Session } from './session';
import type { TrustedEditors } from './trusted-editors';
import { latestNeeded, schedulePagesFrom, type Held, type SchedulePageRead, type SchedulePagesRead } from './trusted-revisions';

export interface DepartmentScheduleSource {
  /** Where a department's schedule page is: `{page}` stands for the department page's title. */
  pageTemplate: string;
  /** The department pages (their titles). */
  departments: readonly string[];
  trustedEditors: TrustedEditors;
  /** Extends trustedEditors; MediaWiki protects a user's .json subpage. null for none. */
  trustedEditorsPage: string | null;
}

export interface DepartmentSchedules {
  sessions: Session[];
  problems: ScheduleProblem[];
  /** Lines for the plan's notes: trusted-editors page problems and revisions waiting for a trusted editor. */
  notes: string[];
  records: LedgerRecord[];
}

export function schedulePageOf(template: string, department: string): string {
  return template.split('{page}').join(department);
}

function missingPage(title: string): PageState {
  return { title, namespace: 0, exists: false, revId: null, timestamp: null, lastEditor: null, text: null, contentModel: null, isRedirect: false, protection: [] };
}

function onWikiReadOf(title: string, read: SchedulePageRead | undefined, failure: string | undefined): OnWikiRead {
  if (failure !== undefined) return { kind: 'unreadable', title, reason: failure };
  if (!read) return { kind: 'unreadable', title, reason: 'the wiki did not return it' };
  if (read.kind === 'missing') return { kind: 'read', title, page: missingPage(title) };
  if (read.kind === 'untrusted') return { kind: 'unreadable', title, reason: `has no revision by a trusted editor among its latest ${read.held.count}` };
  return { kind: 'read', title, page: read.page };
}

/** The wiki's diff view of the held revisions (a plain URL: notes reach the status page as text). */
function diffUrl(apiUrl: string, held: Held): string {
  const index = new URL('index.php', apiUrl);
  index.searchParams.set('diff', String(held.latestRevId));
  if (held.trustedRevId !== null) index.searchParams.set('oldid', String(held.trustedRevId));
  return index.toString();
}

/** "Title: 2 later revisions are waiting for a trusted editor (not published); see <diff URL>", for the status page. */
export function waitingNote(title: string, held: Held, apiUrl: string): string {
  const what = held.count === 1 ? '1 later revision is' : `${held.count} later revisions are`;
  return `${title}: ${what} waiting for a trusted editor (not published); see ${diffUrl(apiUrl, held)}`;
}

/** What reading the department schedule pages gave, before their sessions are merged. */
export interface DepartmentPagesRead {
  /** The schedule page of each department, in the order of `source.departments`. */
  titles: string[];
  /** The latest revisions of every page read in the batch (the titles asked `alongside` too); absent when that read failed. */
  latest?: ReadonlyMap<string, PageState>;
  /** Each schedule page as the bot may publish it; absent when it could not be worked out (`failure` says why). */
  read?: SchedulePagesRead;
  failure?: string;
}

/**
 * Reads every department's schedule page (and the trusted-editors page) with `alongside` in one
 * batched read, so that another page the schedule needs (the on-wiki JSON page) costs no request of
 * its own; then works out what the bot may publish of each. A failure is returned, not thrown.
 */
export async function readDepartmentPages(ctx: ScheduleContext, source: DepartmentScheduleSource, alongside: readonly string[]): Promise<DepartmentPagesRead> {
  const titles = source.departments.map((department) => schedulePageOf(source.pageTemplate, department));
  const trust = { configured: source.trustedEditors, page: source.trustedEditorsPage };
  let latest: ReadonlyMap<string, PageState>;
  try {
    latest = await ctx.wiki.readPages([...latestNeeded(titles, trust), ...alongside]);
  } catch (error) {
    return { titles, failure: errorMessage(error) };
  }
  try {
    return { titles, latest, read: await schedulePagesFrom(ctx.wiki, titles, trust, latest) };
  } catch (error) {
    return { titles, latest, failure: errorMessage(error) };
  }
}

/**
 * Adds each department page's sessions to `sessions` (whose ids they may not reuse). A page that
 * cannot be read, is gone, or is not valid JSON falls back to its last good sessions; the others are untouched.
 */
export function mergeDepartmentSchedules(
  ctx: ScheduleContext,
  sessions: readonly Session[],
  source: DepartmentScheduleSource,
  meetingHosts: readonly string[],
  { titles, read, failure }: DepartmentPagesRead,
): DepartmentSchedules {
  const result: DepartmentSchedules = { sessions: [...sessions], problems: [], notes: [], records: [] };
  result.notes.push(...(read?.problems ?? []));
  // One set of the ids in use for all the pages: each page adds its own sessions (a copy of every
  // session per page made 10,000 department pages quadratic).
  const taken = new Set(sessions.map((session) => session.id));
  const lastGoodOf = lastGoodSessionsOfPages(ctx.ledger, titles);
  source.departments.forEach((department, index) => {
    const title = titles[index]!;
    const pageRead = read?.pages.get(title);
    const lastGood = lastGoodOf.get(title);
    const merged = mergeSchedule([], onWikiReadOf(title, pageRead, failure), lastGood, ctx.now, { department, meetingHosts, taken });
    result.sessions.push(...merged.sessions);
    result.problems.push(...merged.problems);
    if (merged.lastGood) result.records.push(keepLastGoodSessions(merged.lastGood, title));
    if (pageRead && pageRead.kind !== 'missing' && pageRead.held) result.notes.push(waitingNote(title, pageRead.held, ctx.wiki.apiUrl));
  });
  return result;
}
