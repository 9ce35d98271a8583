// Reads department schedule pages as the bot may publish them: each page's latest revision by a
// trusted editor (see trusted-editors.ts), and how many later revisions wait for one.
//
// Request cost, for P schedule pages of which H end in revisions by editors not trusted by name:
// 1 query (readPages) for the latest revision of every page (and the trusted-editors page) per 50 titles
// (500 with apihighlimits); when trusted groups are configured, 1 list=users query per 50 editor
// names to learn their groups; then, only if H > 0, 1 history query per held page (ids and users,
// no content) and 1 query for the trusted revisions' content by revids. A run where every page
// was last edited by a trusted name costs 1 request (plus 1 for groups).
import { batchesOf } from '../../../src/core/batches';
import type { PageState, WikiReader } from '../../../src/wiki/client';
import { normaliseUserName, parseTrustedEditorsPage, trustFrom, type Trust, type TrustedEditors } from './trusted-editors';

interface Revision {
  revid: number;
  user?: string;
  timestamp?: string;
  slots?: { main?: { content?: string; contentmodel?: string } };
}

/** Later revisions not published because no trusted editor made (or took over) them. */
export interface Held {
  count: number;
  latestRevId: number;
  /** The revision published, when there is one within the history read. */
  trustedRevId: number | null;
}

export type SchedulePageRead =
  | { kind: 'missing'; title: string }
  | { kind: 'read'; title: string; page: PageState; held: Held | null }
  | { kind: 'untrusted'; title: string; held: Held };

export interface SchedulePagesRead {
  pages: Map<string, SchedulePageRead>;
  /** Problems with the trusted-editors page, one line each. */
  problems: string[];
}

/** How far back a held page's history is read for a trusted revision. */
const HISTORY_DEPTH = 50;
const USERS_PER_REQUEST = 50;

/** Decides whether a revision's author is trusted, learning the groups of names it has not seen (one request per 50 names). */
class TrustCheck {
  private readonly groupsOf = new Map<string, readonly string[]>();
  constructor(
    private readonly wiki: WikiReader,
    private readonly trust: Trust,
  ) {}

  async learn(users: readonly (string | undefined)[]): Promise<void> {
    if (this.trust.groups.size === 0) return;
    const unknown = [...new Set(users.filter((u): u is string => !!u).map(normaliseUserName))].filter((u) => !this.trust.users.has(u) && !this.groupsOf.has(u));
    for (const batch of batchesOf(unknown, USERS_PER_REQUEST)) {
      const response = await this.wiki.query({ list: 'users', ususers: batch, usprop: 'groups' });
      for (const user of response.query?.users ?? []) this.groupsOf.set(normaliseUserName(user.name), user.groups ?? []);
      for (const name of batch) if (!this.groupsOf.has(name)) this.groupsOf.set(name, []);
    }
  }

  trusts(user: string | undefined): boolean {
    if (!user) return false; // a hidden (suppressed) author is nobody we know
    const name = normaliseUserName(user);
    return this.trust.users.has(name) || (this.groupsOf.get(name) ?? []).some((group) => this.trust.groups.has(group));
  }
}

function pageStateOf(title: string, revision: Revision): PageState {
  return {
    title,
    namespace: 0,
    exists: true,
    revId: revision.revid,
    timestamp: revision.timestamp ?? null,
    lastEditor: revision.user ?? null,
    text: revision.slots?.main?.content ?? null,
    contentModel: revision.slots?.main?.contentmodel ?? null,
    isRedirect: false,
    protection: [],
  };
}

/** The newest trusted revision in the page's recent history, and how many revisions came after it. */
async function findTrusted(wiki: WikiReader, check: TrustCheck, title: string): Promise<{ trusted: Revision | null; held: Held }> {
  const response = await wiki.query({ prop: 'revisions', titles: title, rvprop: 'ids|user', rvlimit: HISTORY_DEPTH });
  const history: Revision[] = response.query?.pages?.[0]?.revisions ?? [];
  await check.learn(history.map((r) => r.user));
  const index = history.findIndex((revision) => check.trusts(revision.user));
  const trusted = index >= 0 ? history[index]! : null;
  return { trusted, held: { count: index >= 0 ? index : history.length, latestRevId: history[0]?.revid ?? 0, trustedRevId: trusted?.revid ?? null } };
}

/** The content of revisions by id (one request per 50). */
async function revisionContents(wiki: WikiReader, revIds: readonly number[]): Promise<Map<number, Revision>> {
  const result = new Map<number, Revision>();
  for (const batch of batchesOf(revIds, 50)) {
    const response = await wiki.query({ prop: 'revisions', revids: batch.join('|'), rvprop: 'ids|user|timestamp|content|contentmodel', rvslots: 'main' });
    for (const page of response.query?.pages ?? []) for (const revision of page.revisions ?? []) result.set(revision.revid, revision);
  }
  return result;
}

async function trustOfRun(wiki: WikiReader, configured: TrustedEditors, trustedPage: PageState | undefined, problems: string[]): Promise<Trust> {
  if (!trustedPage?.exists || trustedPage.text === null) return trustFrom(wiki.userName, configured);
  const read = parseTrustedEditorsPage(trustedPage.title, trustedPage.text);
  if ('problem' in read) {
    problems.push(read.problem);
    return trustFrom(wiki.userName, configured);
  }
  return trustFrom(wiki.userName, configured, read.list);
}

/** Where the bot learns whom to trust: the configured editors, extended by the trusted-editors page (null for none). */
export interface TrustSource {
  configured: TrustedEditors;
  page: string | null;
}

/** The titles whose latest revisions `schedulePagesFrom` needs: the schedule pages and the trusted-editors page. */
export function latestNeeded(titles: readonly string[], trust: TrustSource): string[] {
  return trust.page ? [...titles, trust.page] : [...titles];
}

/** Each schedule page as the bot may publish it (see the request cost at the top). */
export async function readSchedulePages(wiki: WikiReader, titles: readonly string[], trust: TrustSource): Promise<SchedulePagesRead> {
  // The latest revision (user and content) of every page, in one request per 50 titles.
  return schedulePagesFrom(wiki, titles, trust, await wiki.readPages(latestNeeded(titles, trust)));
}

/**
 * As readSchedulePages, given the latest revisions of `latestNeeded(titles, trust)` already read
 * (a caller may read other pages in the same batched request).
 */
export async function schedulePagesFrom(
  wiki: WikiReader,
  titles: readonly string[],
  trust: TrustSource,
  latest: ReadonlyMap<string, PageState>,
): Promise<SchedulePagesRead> {
  const problems: string[] = [];
  const check = new TrustCheck(wiki, await trustOfRun(wiki, trust.configured, trust.page ? latest.get(trust.page) : undefined, problems));
  await check.learn(titles.map((title) => latest.get(title)?.lastEditor ?? undefined));
  const pages = new Map<string, SchedulePageRead>();
  const held = new Map<string, { trusted: Revision | null; held: Held }>();
  for (const title of titles) {
    const page = latest.get(title);
    if (!page?.exists) pages.set(title, { kind: 'missing', title: page?.title ?? title });
    else if (check.trusts(page.lastEditor ?? undefined)) pages.set(title, { kind: 'read', title: page.title, page, held: null });
    else held.set(title, await findTrusted(wiki, check, page.title));
  }
  const contents = await revisionContents(wiki, [...held.values()].flatMap((h) => (h.trusted ? [h.trusted.revid] : [])));
  for (const [title, h] of held) {
    const name = latest.get(title)?.title ?? title;
    const revision = h.trusted ? contents.get(h.trusted.revid) : undefined;
    pages.set(title, revision ? { kind: 'read', title: name, page: pageStateOf(name, revision), held: h.held } : { kind: 'untrusted', title: name, held: h.held });
  }
  return { pages, problems };
}
