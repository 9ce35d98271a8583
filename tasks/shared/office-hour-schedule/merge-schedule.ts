// Merges the deployed schedule with the on-wiki JSON page. Pure: the page (as read), the last good
// on-wiki data and the clock come in as arguments. A bad entry is skipped and reported; a page that
// cannot be used at all falls back to the last good data, so one typo on the wiki never empties a page.
import { formatPath } from '../../../src/config/load-config';
import type { PageState } from '../../../src/wiki/client';
import { sessionSchema, type Session } from './session';

/** The ledger task-state key (under the office-hours task) holding the last good on-wiki sessions. */
export const LAST_GOOD_KEY = 'onwiki-sessions';

export interface LastGoodSessions {
  page: string;
  revId: number | null;
  /** When this data was read (ISO). */
  savedAt: string;
  sessions: Session[];
}

export type OnWikiRead =
  | { kind: 'disabled' }
  | { kind: 'read'; title: string; page: PageState }
  | { kind: 'unreadable'; title: string; reason: string };

export interface ScheduleProblem {
  /** One line for operators: goes into the plan's notes, and so onto the status page. */
  message: string;
  page: string;
  entry?: { index: number; id?: string };
}

export interface MergedSchedule {
  sessions: Session[];
  problems: ScheduleProblem[];
  /** Set when the on-wiki page was usable: what to keep as the last good data. */
  lastGood?: LastGoodSessions;
}

/** The entries of the page, or why the page as a whole is unusable. */
function onWikiEntries(text: string): { entries: unknown[] } | { problem: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { problem: `not valid JSON: ${(error as Error).message}` };
  }
  const sessions = (data as { sessions?: unknown } | null)?.sessions;
  if (typeof data !== 'object' || data === null || Array.isArray(data) || !Array.isArray(sessions)) {
    return { problem: 'expected an object with a "sessions" list: {"sessions": [ … ]}' };
  }
  return { entries: sessions };
}

function rawId(entry: unknown): string | undefined {
  const id = (entry as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
}

function entryLabel(index: number, id: string | undefined): string {
  return `entry sessions[${index}]${id !== undefined ? ` (id "${id}")` : ''}`;
}

/** Adds on-wiki sessions whose id the deployed file (or an earlier entry) does not already use. */
function addUnlessTaken(
  taken: Set<string>,
  used: Session[],
  problems: ScheduleProblem[],
  title: string,
  index: number,
  session: Session,
): void {
  if (taken.has(session.id)) {
    problems.push({
      page: title,
      entry: { index, id: session.id },
      message: `${title}: ${entryLabel(index, session.id)} skipped: its id is already used by another session`,
    });
    return;
  }
  taken.add(session.id);
  used.push(session);
}

export function mergeSchedule(
  fileSessions: readonly Session[],
  onWiki: OnWikiRead,
  lastGood: LastGoodSessions | undefined,
  now: Date,
): MergedSchedule {
  if (onWiki.kind === 'disabled') return { sessions: [...fileSessions], problems: [] };
  const title = onWiki.title;
  const taken = new Set(fileSessions.map((s) => s.id));
  const used: Session[] = [];
  const problems: ScheduleProblem[] = [];

  const fallBack = (reason: string): MergedSchedule => {
    if (!lastGood) {
      return { sessions: [...fileSessions], problems: [{ page: title, message: `${title} ${reason}; no on-wiki sessions are used` }] };
    }
    problems.push({
      page: title,
      message: `${title} ${reason}; using the last good on-wiki sessions (revision ${lastGood.revId ?? 'none'}, read ${lastGood.savedAt})`,
    });
    lastGood.sessions.forEach((entry, index) => {
      // The schema may have changed since the data was kept: check it again.
      const parsed = sessionSchema.safeParse(entry);
      if (parsed.success) addUnlessTaken(taken, used, problems, title, index, parsed.data);
    });
    return { sessions: [...fileSessions, ...used], problems };
  };

  if (onWiki.kind === 'unreadable') return fallBack(`could not be read (${onWiki.reason})`);
  // The page is optional: until staff create it there is nothing to report. Once its sessions
  // were used, its disappearance is worth a note (and its last good sessions keep working).
  if (!onWiki.page.exists) return lastGood ? fallBack('does not exist') : { sessions: [...fileSessions], problems: [] };
  const read = onWikiEntries(onWiki.page.text ?? '');
  if ('problem' in read) return fallBack(`cannot be used: ${read.problem}`);

  const lastById = new Map((lastGood?.sessions ?? []).map((s) => [s.id, s]));
  read.entries.forEach((entry, index) => {
    const parsed = sessionSchema.safeParse(entry);
    if (parsed.success) {
      addUnlessTaken(taken, used, problems, title, index, parsed.data);
      return;
    }
    const id = rawId(entry);
    const detail = parsed.error.issues.map((issue) => `${formatPath(issue.path as (string | number)[]) || 'entry'}: ${issue.message}`).join('; ');
    // Keeping the last good version of an entry someone just broke keeps its session on the page.
    const previous = id !== undefined && !taken.has(id) ? lastById.get(id) : undefined;
    problems.push({
      page: title,
      entry: { index, id },
      message: `${title}: ${entryLabel(index, id)} is invalid (${detail}); ${previous ? 'its last good version is used' : 'skipped'}`,
    });
    if (previous) addUnlessTaken(taken, used, problems, title, index, previous);
  });
  return {
    sessions: [...fileSessions, ...used],
    problems,
    lastGood: { page: title, revId: onWiki.page.revId, savedAt: now.toISOString(), sessions: used },
  };
}
