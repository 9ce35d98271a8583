// Preparing: from a part's actions and the pages as read, to the changes the writer will save and
// the outcomes decided without saving (skips, refusals, messages already posted). Reads only.
import type { LedgerReader, LedgerRecord, ReminderRow } from '../ledger/records';
import type { PageState, WikiReader } from '../wiki/client';
import {
  evaluateEdit,
  evaluateNewSection,
  notSaved,
  reminderMarker,
  type ChangeOutcome,
  type ChangeRules,
  type PreparedChange,
} from './planned-change';
import type { Action, NewSectionAction } from './task';

/**
 * A message found already on the wiki (its marker on the page or in the bot's history) that the
 * ledger does not know: e.g. the bot crashed after posting and before writing the ledger. An
 * applied run records it, with the records the action carries, so it is never checked again.
 */
export interface RecoveredPost {
  reminder: ReminderRow;
  records: LedgerRecord[];
}

/** A part of a run, prepared: what to save, what was decided without saving, and posts to record. */
export interface PreparedPart {
  ready: PreparedChange[];
  /** Outcomes decided before saving (skips, refusals), reported after the saves. */
  settled: ChangeOutcome[];
  recovered: RecoveredPost[];
}

type PreparedItem = { ready: PreparedChange } | { outcome: ChangeOutcome; recovered?: RecoveredPost };

/** The bot's own recent revision of `title` that carries the marker, if any (e.g. archived since). */
async function findMarkerInBotRevisions(
  wiki: WikiReader,
  title: string,
  dedupeKey: string,
  limit: number,
): Promise<{ revId: number; timestamp: string } | null> {
  const response = await wiki.query({
    prop: 'revisions',
    titles: title,
    rvuser: wiki.userName,
    rvprop: 'ids|timestamp|content',
    rvslots: 'main',
    rvlimit: limit,
  });
  const marker = reminderMarker(dedupeKey);
  for (const revision of response.query?.pages?.[0]?.revisions ?? []) {
    if (String(revision.slots?.main?.content ?? '').includes(marker)) {
      return { revId: revision.revid, timestamp: revision.timestamp };
    }
  }
  return null;
}

function recoveredPost(action: NewSectionAction, title: string, revId: number | null, postedAt: string | null, task: string): RecoveredPost {
  return {
    reminder: { key: action.dedupeKey, task, talkPage: title, revId, postedAt: postedAt ?? new Date(0).toISOString() },
    records: [...(action.records ?? [])],
  };
}

/** Exactly-once for a new section: the ledger, then the page text, then the bot's own recent revisions. */
async function prepareNewSection(
  wiki: WikiReader,
  known: ReminderRow | undefined,
  action: NewSectionAction,
  page: PageState,
  rules: ChangeRules,
  recentRevisionsChecked: number,
): Promise<PreparedItem> {
  if (known) return { outcome: notSaved({ title: page.title, kind: action.kind }, `already posted on ${known.postedAt} (ledger)`, 'unchanged') };
  const evaluation = evaluateNewSection(action, page, rules);
  if ('outcome' in evaluation) {
    const onPage = evaluation.outcome.status === 'unchanged';
    return onPage ? { ...evaluation, recovered: recoveredPost(action, page.title, page.revId, page.timestamp, rules.taskName) } : evaluation;
  }
  // A missing page has no history to search (deleted revisions are hidden from the bot too): no request.
  const found = page.exists ? await findMarkerInBotRevisions(wiki, page.title, action.dedupeKey, recentRevisionsChecked) : null;
  if (!found) return { ready: { change: evaluation.change, action } };
  return {
    outcome: notSaved(
      { title: page.title, kind: action.kind },
      `already posted in revision ${found.revId} (its marker is in the page history)`,
      'unchanged',
    ),
    recovered: recoveredPost(action, page.title, found.revId, found.timestamp, rules.taskName),
  };
}

async function prepareAction(
  wiki: WikiReader,
  posted: ReadonlyMap<string, ReminderRow>,
  action: Action,
  page: PageState | undefined,
  rules: ChangeRules,
  recentRevisionsChecked: number,
): Promise<PreparedItem> {
  if (action.kind === 'skip') return { outcome: notSaved(action, action.reason) };
  if (!page) return { outcome: notSaved(action, 'the wiki did not return this page', 'failed') };
  if (action.kind === 'new-section') return prepareNewSection(wiki, posted.get(action.dedupeKey), action, page, rules, recentRevisionsChecked);
  const evaluation = evaluateEdit(action, page, rules);
  return 'change' in evaluation ? { ready: { change: evaluation.change, action } } : evaluation;
}

/** Reads every page the actions touch (batched) and turns each action into a change or an outcome. */
export async function prepareActions(
  wiki: WikiReader,
  ledger: LedgerReader,
  actions: readonly Action[],
  rules: ChangeRules,
  recentRevisionsChecked: number,
): Promise<PreparedPart> {
  const pages = await wiki.readPages(actions.filter((a) => a.kind !== 'skip').map((a) => a.title));
  // The ledger is asked once for the part's messages (a database server answers each question in about a millisecond).
  const posted = ledger.remindersWithKeys(actions.flatMap((a) => (a.kind === 'new-section' ? [a.dedupeKey] : [])));
  const part: PreparedPart = { ready: [], settled: [], recovered: [] };
  for (const action of actions) {
    const item = await prepareAction(wiki, posted, action, pages.get(action.title), rules, recentRevisionsChecked);
    if ('ready' in item) part.ready.push(item.ready);
    else part.settled.push(item.outcome);
    if ('recovered' in item && item.recovered) part.recovered.push(item.recovered);
  }
  return part;
}
