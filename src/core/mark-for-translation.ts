// Marking a translatable page for translation after the bot's own save: the third kind of write.
// Translate shows translation pages from the last *marked* revision of their source, so a banner or
// an office-hours table the bot adds reaches readers of other languages only once the page is marked
// again. The bot marks (action=markfortranslation with the revision it saved) only when it may and
// only when it publishes nothing but its own changes: the account has `pagetranslation`, the wiki
// offers the module, and every revision since the last marked one is the bot's. Otherwise the page
// is reported as needing re-marking, with the reason and a link to the pending changes.
import type { WikiClient, WikiReader } from '../wiki/client';
import { errorMessage } from './errors';
import type { ChangeOutcome } from './planned-change';

export const MARK_KIND = 'mark-for-translation';

/** The revision the bot saved on a translatable source page. */
export interface SavedRevision {
  title: string;
  revId: number;
  /** The text saved: its unit markers name the units that must not be marked outdated. */
  text: string;
}

/** Revisions between the last marked one and the bot's are checked up to this many. */
const PENDING_REVISIONS_CHECKED = 50;

/** Each connection's answer to offersMarkForTranslation: asked once, not once per marking. */
const markingModuleAnswers = new WeakMap<WikiReader, Promise<boolean>>();

/** Whether the wiki offers action=markfortranslation (paraminfo only reads), asked once per connection. */
export function offersMarkForTranslation(wiki: WikiReader): Promise<boolean> {
  let answer = markingModuleAnswers.get(wiki);
  if (!answer) {
    answer = askForMarkingModule(wiki);
    // A failed question is asked again next time rather than remembered.
    answer.catch(() => markingModuleAnswers.delete(wiki));
    markingModuleAnswers.set(wiki, answer);
  }
  return answer;
}

async function askForMarkingModule(wiki: WikiReader): Promise<boolean> {
  const response = await wiki.query({ action: 'paraminfo', modules: 'markfortranslation' });
  const modules: Array<{ name?: string }> = response.paraminfo?.modules ?? [];
  return modules.some((module) => module.name === 'markfortranslation');
}

/** The revision last marked for translation (Special:Log/pagetranslation), or null if never marked. */
async function lastMarkedRevision(wiki: WikiReader, title: string): Promise<number | null> {
  const response = await wiki.query({ list: 'logevents', letype: 'pagetranslation', letitle: title, leprop: 'type|details', lelimit: 50 });
  const events: Array<{ action?: string; params?: { revision?: number } }> = response.query?.logevents ?? [];
  const mark = events.find((event) => event.action === 'mark' && typeof event.params?.revision === 'number');
  return mark?.params?.revision ?? null;
}

/**
 * Of the pages listed as needing re-marking, those with nothing left to mark: the latest revision is
 * marked for translation, or the page no longer exists. One batched read of the pages, then one log
 * query per existing page (Special:Log/pagetranslation takes one title per request). A page the wiki
 * does not return stays listed: we cannot tell.
 */
export async function remarkingResolved(wiki: WikiReader, titles: readonly string[]): Promise<Set<string>> {
  const pages = await wiki.readPages(titles);
  const resolved = new Set<string>();
  for (const title of titles) {
    const page = pages.get(title);
    if (!page) continue;
    if (!page.exists) {
      resolved.add(title);
      continue;
    }
    const marked = await lastMarkedRevision(wiki, page.title);
    if (marked !== null && page.revId !== null && marked >= page.revId) resolved.add(title);
  }
  return resolved;
}

/** Users other than the bot who saved revisions after `marked` (up to `revId`); null when there are too many to check. */
async function otherAuthorsSince(wiki: WikiReader, title: string, marked: number, revId: number | null): Promise<string[] | null> {
  const response = await wiki.query({
    prop: 'revisions',
    titles: title,
    rvprop: 'ids|user',
    rvstartid: marked,
    ...(revId !== null ? { rvendid: revId } : {}),
    rvdir: 'newer',
    rvlimit: PENDING_REVISIONS_CHECKED + 1,
  });
  const revisions: Array<{ revid: number; user?: string }> = response.query?.pages?.[0]?.revisions ?? [];
  const pending = revisions.filter((revision) => revision.revid > marked);
  if (pending.length > PENDING_REVISIONS_CHECKED) return null;
  return [...new Set(pending.map((revision) => revision.user ?? '(hidden user)').filter((user) => user !== wiki.userName))];
}

/** The address of the changes a marking would publish (up to the latest revision when `revId` is null). */
export function pendingDiffUrl(apiUrl: string, marked: number, revId: number | null): string {
  return `${apiUrl.replace(/api\.php$/, 'index.php')}?diff=${revId ?? 'cur'}&oldid=${marked}`;
}

/** Unit ids in the text (`<!--T:5-->`): none of them is to be marked outdated by the bot's change. */
export function unitIds(text: string): string[] {
  return [...new Set([...text.matchAll(/<!--T:([^\s>]+?)-->/g)].map((match) => match[1]))];
}

export type MarkingCheck = { mark: true; marked: number } | { mark: false; reason: string };

/**
 * Whether the bot may mark revision `revId` of the page now, or why not (with the diff of the pending
 * changes when there are some). `revId` null (a dry-run: nothing saved yet) checks up to the latest revision.
 */
export async function checkMarking(wiki: WikiReader, title: string, revId: number | null): Promise<MarkingCheck> {
  if (!(await offersMarkForTranslation(wiki))) return { mark: false, reason: 'this wiki has no action=markfortranslation' };
  if (!wiki.rights.has('pagetranslation')) return { mark: false, reason: 'the bot account lacks the pagetranslation right' };
  const marked = await lastMarkedRevision(wiki, title);
  if (marked === null) return { mark: false, reason: 'it has never been marked for translation' };
  const others = await otherAuthorsSince(wiki, title, marked, revId);
  const diff = pendingDiffUrl(wiki.apiUrl, marked, revId);
  if (others === null) return { mark: false, reason: `more than ${PENDING_REVISIONS_CHECKED} revisions since the last marked one (${diff})` };
  if (others.length) {
    return { mark: false, reason: `changes by ${others.join(', ')} since the last marked revision ${marked} need a translation administrator's review (${diff})` };
  }
  return { mark: true, marked };
}

const needsRemarking = (title: string, reason: string): ChangeOutcome => ({
  title,
  kind: MARK_KIND,
  status: 'skipped',
  reason: `needs re-marking for translation so that its translations show the bot's change: ${reason}; a translation administrator can mark it at Special:PageTranslation`,
});

/** Marks the bot's saved revision when it may (see checkMarking); otherwise says why it needs re-marking. */
export async function markSavedRevision(client: WikiClient, saved: SavedRevision): Promise<ChangeOutcome> {
  let check: MarkingCheck;
  try {
    check = await checkMarking(client, saved.title, saved.revId);
  } catch (error) {
    return needsRemarking(saved.title, `the wiki could not be asked (${errorMessage(error)})`);
  }
  if (!check.mark) return needsRemarking(saved.title, check.reason);
  const units = unitIds(saved.text);
  try {
    await client.write({
      action: 'markfortranslation',
      title: saved.title,
      revid: saved.revId,
      ...(units.length ? { nofuzzyunits: units } : {}),
    });
  } catch (error) {
    return { title: saved.title, kind: MARK_KIND, status: 'failed', reason: `marking for translation failed: ${errorMessage(error)}` };
  }
  return { title: saved.title, kind: MARK_KIND, status: 'marked', oldRevId: check.marked, newRevId: saved.revId };
}

/**
 * What a dry-run shows for an edit of a translatable source: the marking that would follow it. It asks
 * the wiki nothing per page (a plan of 10,000 pages stays at its lower bound of requests): whether the
 * bot's change will be the only one pending, and whether the wiki offers the module, are checked when
 * the edit is saved (markSavedRevision), and said then.
 */
export function plannedMarking(wiki: WikiReader, title: string): ChangeOutcome {
  if (!wiki.rights.has('pagetranslation')) return needsRemarking(title, 'the bot account lacks the pagetranslation right');
  return {
    title,
    kind: MARK_KIND,
    status: 'planned',
    reason: "would mark the saved revision for translation, if the bot's change is the only one since the last marked revision then",
  };
}
