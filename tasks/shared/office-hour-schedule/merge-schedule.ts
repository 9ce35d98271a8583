// Merges the deployed schedule with the on-wiki JSON page. Pure: the page (as read), the last good
// on-wiki data and the clock come in as arguments. A bad entry is skipped and reported; a page that
// cannot be used at all falls back to the last good data, so one typo on the wiki never empties a page.
import { formatPath } from '../../../src/config/load-config';
import { sameTitle } from '../../../src/core/title';
import type { PageState } from '../../../src/wiki/client';
import { yamlLibrary } from '../../../src/yaml-library';
import { occurrenceChanges } from './occurrence-changes';
import { sessionSchema, type Session } from './session';

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

type Locate = (path: readonly (string | number)[]) => string;

/** The line on which the value at `path` starts in JSON text (JSON is YAML, and `yaml` keeps positions). */
function jsonLineOf(text: string): (path: readonly (string | number)[]) => number | undefined {
  const yaml = yamlLibrary();
  const lines = new yaml.LineCounter();
  const doc = yaml.parseDocument(text, { lineCounter: lines });
  return (path) => {
    if (doc.errors.length > 0) return undefined;
    const node = doc.getIn(path, true) as { range?: [number, number] } | undefined;
    return node?.range ? lines.linePos(node.range[0]).line : undefined;
  };
}

/** "Title:line" for a place in the page's JSON, so a message leads an editor to it; the title alone when the line cannot be told. */
function locator(title: string, text: string): Locate {
  let lineOf: ReturnType<typeof jsonLineOf> | undefined;
  return (path) => {
    lineOf ??= jsonLineOf(text);
    const line = lineOf(path);
    return line === undefined ? title : `${title}:${line}`;
  };
}

/** The problems with a valid entry's exdate and overrides: each is left out, the session stays. */
function changeProblems(session: Session, index: number, title: string, where: Locate): ScheduleProblem[] {
  return occurrenceChanges(session).problems.map((problem) => ({
    page: title,
    entry: { index, id: session.id },
    message: `${where(['sessions', index, ...problem.path])}: ${entryLabel(index, session.id)}: ${formatPath(problem.path)}: ${problem.message}; skipped, the rest of the session is used`,
  }));
}

/** Rules for the entries of one page beyond the session schema. */
export interface EntryRules {
  /** A department's own schedule page: its entries are about this page (`page` may be left out, and must not name another). */
  department?: string;
  /** Hosts (and their subdomains) meeting links may point to; empty or absent for any http(s) host. */
  meetingHosts?: readonly string[];
  /**
   * The session ids already in use, when more than `fileSessions` (the pages merged before this one):
   * the set grows by the sessions this page adds, so that merging many pages costs no copy per page.
   */
  taken?: Set<string>;
}

/** Whether the link's host is one of `hosts` or a subdomain of one. */
function onAllowedHost(link: string, hosts: readonly string[]): boolean {
  const host = new URL(link).hostname.toLowerCase();
  return hosts.some((allowed) => host === allowed.toLowerCase() || host.endsWith(`.${allowed.toLowerCase()}`));
}

/** Why a valid session may not be published from this page, if it may not. */
function ruleBroken(session: Session, rules: EntryRules): string | undefined {
  if (rules.department !== undefined && !sameTitle(session.page, rules.department)) {
    return `names page "${session.page}", but this page only schedules "${rules.department}"`;
  }
  const hosts = rules.meetingHosts ?? [];
  if (hosts.length === 0) return undefined;
  const links = [session.link, ...(session.overrides ?? []).flatMap((o) => (o.link ? [o.link] : []))];
  const refused = links.find((link) => !onAllowedHost(link, hosts));
  return refused ? `link ${refused} is not on an allowed meeting host (${hosts.join(', ')})` : undefined;
}

/** The entry with its department page filled in when it leaves `page` out. */
function withDepartment(entry: unknown, rules: EntryRules): unknown {
  if (rules.department === undefined || typeof entry !== 'object' || entry === null || Array.isArray(entry) || 'page' in entry) return entry;
  return { ...entry, page: rules.department };
}

/** What a merge has so far: the ids taken, the on-wiki sessions used, the problems found. */
interface Merging {
  title: string;
  rules: EntryRules;
  taken: Set<string>;
  used: Session[];
  problems: ScheduleProblem[];
}

/** Adds an on-wiki session whose id the deployed file (or an earlier entry) does not already use. */
function addUnlessTaken(merging: Merging, where: Locate, index: number, session: Session): boolean {
  if (merging.taken.has(session.id)) {
    merging.problems.push({
      page: merging.title,
      entry: { index, id: session.id },
      message: `${where(['sessions', index])}: ${entryLabel(index, session.id)} skipped: its id is already used by another session`,
    });
    return false;
  }
  merging.taken.add(session.id);
  merging.used.push(session);
  return true;
}

/** The page's entries: valid ones used (their unusable exdate/overrides entries reported), invalid ones reported. */
function useEntries(merging: Merging, entries: readonly unknown[], text: string, lastGood: LastGoodSessions | undefined): void {
  const { title, taken, problems } = merging;
  const lastById = new Map((lastGood?.sessions ?? []).map((s) => [s.id, s]));
  const where = locator(title, text);
  entries.forEach((entry, index) => {
    const parsed = sessionSchema.safeParse(withDepartment(entry, merging.rules));
    const broken = parsed.success ? ruleBroken(parsed.data, merging.rules) : undefined;
    if (broken !== undefined) {
      problems.push({ page: title, entry: { index, id: rawId(entry) }, message: `${where(['sessions', index])}: ${entryLabel(index, rawId(entry))} skipped: ${broken}` });
      return;
    }
    if (parsed.success) {
      if (addUnlessTaken(merging, where, index, parsed.data)) problems.push(...changeProblems(parsed.data, index, title, where));
      return;
    }
    const id = rawId(entry);
    const detail = parsed.error.issues.map((issue) => `${formatPath(issue.path as (string | number)[]) || 'entry'}: ${issue.message}`).join('; ');
    // Keeping the last good version of an entry someone just broke keeps its session on the page.
    const previous = id !== undefined && !taken.has(id) ? lastById.get(id) : undefined;
    problems.push({
      page: title,
      entry: { index, id },
      message: `${where(['sessions', index])}: ${entryLabel(index, id)} is invalid (${detail}); ${previous ? 'its last good version is used' : 'skipped'}`,
    });
    if (previous) addUnlessTaken(merging, where, index, previous);
  });
}

export function mergeSchedule(
  fileSessions: readonly Session[],
  onWiki: OnWikiRead,
  lastGood: LastGoodSessions | undefined,
  now: Date,
  rules: EntryRules = {},
): MergedSchedule {
  if (onWiki.kind === 'disabled') return { sessions: [...fileSessions], problems: [] };
  const title = onWiki.title;
  const merging: Merging = { title, rules, taken: rules.taken ?? new Set(fileSessions.map((s) => s.id)), used: [], problems: [] };
  const { used, problems } = merging;

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
      if (parsed.success) addUnlessTaken(merging, () => title, index, parsed.data);
    });
    return { sessions: [...fileSessions, ...used], problems };
  };

  if (onWiki.kind === 'unreadable') return fallBack(`could not be read (${onWiki.reason})`);
  // The page is optional: until staff create it there is nothing to report. Once its sessions
  // were used, its disappearance is worth a note (and its last good sessions keep working).
  if (!onWiki.page.exists) return lastGood ? fallBack('does not exist') : { sessions: [...fileSessions], problems: [] };
  const read = onWikiEntries(onWiki.page.text ?? '');
  if ('problem' in read) return fallBack(`cannot be used: ${read.problem}`);

  useEntries(merging, read.entries, onWiki.page.text ?? '', lastGood);
  return {
    sessions: [...fileSessions, ...used],
    problems,
    lastGood: { page: title, revId: onWiki.page.revId, savedAt: now.toISOString(), sessions: used },
  };
}
