// The writer: the only code that saves pages. Every rule of DESIGN §3.2 is enforced here or in
// planned-change.ts, which this module re-runs on fresh text whenever a save meets a conflict or
// loses its answer. Saves send `baserevid` (and no `basetimestamp`) so MediaWiki compares revisions.
import type { Logger } from 'winston';
import type { Ledger } from '../ledger/ledger';
import type { LedgerReader, LedgerRecord, ReminderRow } from '../ledger/records';
import { PAGE_STATE_PARAMS, pageStatesIn, type PageState, type WikiClient, type WikiReader } from '../wiki/client';
import { ProtectedPageError, WikiError, WriteOutcomeUnknownError, errorMessage } from './errors';
import {
  evaluateAction,
  evaluateEdit,
  evaluateNewSection,
  fullSummary,
  reminderMarker,
  type ChangeOutcome,
  type ChangeRules,
  type Evaluation,
  type PlannedChange,
} from './planned-change';
import { MARK_KIND, markSavedRevision } from './mark-for-translation';
import { readShutoff, shutoffPages, type ShutoffState } from './shutoff';
import type { Action, EditAction, NewSectionAction } from './task';

/** A change ready to save, with the action it came from when it can be re-planned on fresh text. */
export interface PreparedChange {
  change: PlannedChange;
  action?: EditAction | NewSectionAction;
}

export interface PreparedPlan {
  /** One entry per action, in the task's order. */
  items: PreparedItem[];
}

export interface WriterOptions extends ChangeRules {
  shutoffPage: string;
  throttleMs: number;
  editBudget: number;
  conflictRetries: number;
  recentRevisionsChecked: number;
  runId: number;
  clock: () => Date;
  log: Logger;
  /** Checked between saves: true stops before the next one (SIGTERM). */
  shouldStop?: () => boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface ApplyResult {
  outcomes: ChangeOutcome[];
  shutoff?: ShutoffState & { active: true };
}

const PROTECTION_CODES = new Set([
  'protectedpage',
  'cascadeprotected',
  'protectednamespace',
  'protectednamespace-interface',
  'protectedtitle',
  'permissiondenied',
  'customcssjsprotected',
]);
/** Answers meaning "the page is not as you read it": re-read and re-plan. */
const STALE_CODES = new Set(['editconflict', 'articleexists', 'missingtitle', 'pagedeleted']);

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

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

/**
 * A message found already on the wiki (its marker on the page or in the bot's history) that the
 * ledger does not know: e.g. the bot crashed after posting and before writing the ledger. An
 * applied run records it, with the records the action carries, so it is never checked again.
 */
export interface RecoveredPost {
  reminder: ReminderRow;
  records: LedgerRecord[];
}

export type PreparedItem = { prepared: PreparedChange } | { outcome: ChangeOutcome; recovered?: RecoveredPost };

function recoveredPost(action: NewSectionAction, title: string, revId: number | null, postedAt: string | null, task: string): RecoveredPost {
  return {
    reminder: { key: action.dedupeKey, task, talkPage: title, revId, postedAt: postedAt ?? new Date(0).toISOString() },
    records: [...(action.records ?? [])],
  };
}

/** Exactly-once for a new section: the ledger, then the page text, then the bot's own recent revisions. */
async function prepareNewSection(
  wiki: WikiReader,
  ledger: LedgerReader,
  action: NewSectionAction,
  page: PageState,
  rules: ChangeRules,
  recentRevisionsChecked: number,
): Promise<PreparedItem> {
  const known = ledger.reminder(action.dedupeKey);
  if (known) {
    return { outcome: { title: page.title, kind: action.kind, status: 'unchanged', reason: `already posted on ${known.postedAt} (ledger)` } };
  }
  const evaluation = evaluateNewSection(action, page, rules);
  if ('outcome' in evaluation) {
    const onPage = evaluation.outcome.status === 'unchanged';
    return onPage ? { ...evaluation, recovered: recoveredPost(action, page.title, page.revId, page.timestamp, rules.taskName) } : evaluation;
  }
  // A missing page has no history to search (deleted revisions are hidden from the bot too): no request.
  const found = page.exists ? await findMarkerInBotRevisions(wiki, page.title, action.dedupeKey, recentRevisionsChecked) : null;
  if (found) {
    return {
      outcome: {
        title: page.title,
        kind: action.kind,
        status: 'unchanged',
        reason: `already posted in revision ${found.revId} (its marker is in the page history)`,
      },
      recovered: recoveredPost(action, page.title, found.revId, found.timestamp, rules.taskName),
    };
  }
  return { prepared: { change: evaluation.change, action } };
}

/** Reads every page the plan touches (batched) and turns each action into a change or an outcome. */
export async function preparePlan(
  wiki: WikiReader,
  ledger: LedgerReader,
  actions: readonly Action[],
  rules: ChangeRules,
  recentRevisionsChecked: number,
): Promise<PreparedPlan> {
  const titles = actions.filter((a) => a.kind !== 'skip').map((a) => a.title);
  const pages = await wiki.readPages(titles);
  const items: PreparedItem[] = [];
  for (const action of actions) {
    if (action.kind === 'skip') {
      items.push({ outcome: { title: action.title, kind: 'skip', status: 'skipped', reason: action.reason } });
      continue;
    }
    const page = pages.get(action.title);
    if (!page) {
      items.push({ outcome: { title: action.title, kind: action.kind, status: 'failed', reason: 'the wiki did not return this page' } });
      continue;
    }
    if (action.kind === 'new-section') {
      items.push(await prepareNewSection(wiki, ledger, action, page, rules, recentRevisionsChecked));
      continue;
    }
    const evaluation = evaluateEdit(action, page, rules);
    items.push('change' in evaluation ? { prepared: { change: evaluation.change, action } } : evaluation);
  }
  return { items };
}

/** Writes to the ledger what an applied run found already posted on the wiki. */
export function recordRecoveredPosts(ledger: Ledger, items: readonly PreparedItem[], runId: number, now: Date): void {
  for (const item of items) {
    if (!('outcome' in item) || !item.recovered) continue;
    ledger.recordReminder(item.recovered.reminder, runId);
    ledger.recordAll(runId, item.recovered.reminder.task, now, item.recovered.records);
  }
}

function editParams(change: PlannedChange, pageExists: boolean): Record<string, string | number | boolean> {
  const common = { action: 'edit', title: change.title, summary: change.summary, bot: true, watchlist: 'nochange' };
  const existence: Record<string, boolean> = pageExists ? { nocreate: true } : { createonly: true };
  if (change.kind === 'new-section') {
    return {
      ...common,
      ...existence,
      section: 'new',
      sectiontitle: change.sectionTitle ?? '',
      text: change.newText,
      notminor: true,
      // With a base revision, MediaWiki refuses a new section when the latest revision is the same
      // user's with the same summary: the same post arriving late, after the bot gave up on it and
      // posted again. A person's post in between is no conflict for a new section.
      ...(change.baseRevId !== null ? { baserevid: change.baseRevId } : {}),
    };
  }
  return {
    ...common,
    ...existence,
    text: change.newText,
    // baserevid only, never basetimestamp: MediaWiki 1.39 (EditPage::internalAttemptSave) drops a
    // conflict as an "edit conflict with self" when no other user saved *after* basetimestamp, a
    // comparison to the second, so a human edit in the same second as our base was overwritten.
    // Without basetimestamp it compares revision ids, then merges or answers editconflict.
    ...(change.baseRevId !== null ? { baserevid: change.baseRevId } : {}),
    ...(change.minor ? { minor: true } : { notminor: true }),
  };
}

interface Saved {
  oldRevId: number | null;
  newRevId: number | null;
}

async function saveOnce(client: WikiClient, change: PlannedChange): Promise<Saved> {
  const response = await client.write(editParams(change, change.baseRevId !== null));
  const edit = response.edit;
  if (edit?.result !== 'Success') {
    throw new WikiError(`The wiki did not save "${change.title}": ${JSON.stringify(edit ?? response)}`, 'not-saved');
  }
  return { oldRevId: edit.oldrevid ?? change.baseRevId, newRevId: edit.newrevid ?? null };
}

/**
 * MediaWiki merges a save whose baserevid is no longer the latest with the edits made since, and the
 * transform never saw those edits: a person's banner or region added elsewhere meanwhile stands next
 * to the bot's, and a {{nobots}} added meanwhile is ignored. After such a merge, the transform runs on
 * the revision the save was merged with; a change is returned when the page is not what it gives.
 */
async function redoAfterMerge(
  client: WikiClient,
  action: EditAction,
  change: PlannedChange,
  saved: Saved,
  options: WriterOptions,
): Promise<PlannedChange | null> {
  // A creation (createonly) is never merged; a save based on the latest revision was not either.
  if (change.baseRevId === null || saved.oldRevId === change.baseRevId || saved.oldRevId === null || saved.newRevId === null) return null;
  // One read: the page as it is now and the revision before, which is the one the save was merged
  // with as long as nobody edited since (if someone did, the next run plans on their text).
  const response = await client.query({ ...PAGE_STATE_PARAMS, titles: change.title, rvlimit: 2 });
  const [current] = pageStatesIn([response]);
  const before = response.query?.pages?.[0]?.revisions?.[1];
  const meantime = before?.slots?.main?.content;
  if (current?.revId !== saved.newRevId || before?.revid !== saved.oldRevId || typeof meantime !== 'string') return null;
  const evaluation = evaluateEdit(action, { ...current, revId: saved.oldRevId, text: meantime }, options);
  const wanted = 'change' in evaluation ? evaluation.change.newText : meantime;
  // MediaWiki stores text without trailing whitespace.
  if (wanted.trimEnd() === (current.text ?? '').trimEnd()) return null;
  options.log.warn('save was merged with an edit made meanwhile, redoing it', { page: change.title, mergedWith: saved.oldRevId });
  return {
    ...change,
    baseRevId: current.revId,
    baseTimestamp: current.timestamp,
    oldText: current.text ?? '',
    newText: wanted,
    summary: fullSummary(`${action.summary}, redone on revision ${saved.oldRevId} that MediaWiki merged it with`, options),
    // The records went to the ledger with the merged save.
    records: [],
  };
}

/** Did the change land? For a plan read from JSON (no action to re-run), compare with what was planned. */
function landedWithoutAction(change: PlannedChange, fresh: PageState): boolean {
  if (!fresh.exists || fresh.text === null) return false;
  return change.kind === 'new-section'
    ? fresh.text.includes(reminderMarker(change.dedupeKey ?? ''))
    : fresh.text === change.newText;
}

/**
 * Saves one change. On a conflict or a lost answer it re-reads the page and re-plans on the fresh
 * text, a bounded number of times per change (not mwn's process-wide counter).
 */
async function saveChange(
  client: WikiClient,
  ledger: Ledger,
  prepared: PreparedChange,
  options: WriterOptions,
): Promise<ChangeOutcome> {
  let change = prepared.change;
  const action = prepared.action;
  const kind = change.kind;
  const succeeded = (saved: Saved, landedEarlier: boolean): ChangeOutcome => {
    const madeAt = options.clock().toISOString();
    const ledgerKind = kind === 'new-section' ? 'new-section' : change.baseRevId === null ? 'create' : 'edit';
    ledger.recordEdit(
      {
        runId: options.runId,
        task: options.taskName,
        page: change.title,
        kind: ledgerKind,
        oldRevId: saved.oldRevId,
        newRevId: saved.newRevId,
        summary: change.summary,
        madeAt,
      },
      change.records,
      change.dedupeKey,
    );
    const status = kind === 'new-section' ? 'posted' : change.baseRevId === null ? 'created' : 'edited';
    return {
      title: change.title,
      kind,
      status,
      summary: change.summary,
      oldRevId: saved.oldRevId,
      newRevId: saved.newRevId,
      reason: landedEarlier ? 'the save reached the wiki although its answer was lost' : undefined,
    };
  };

  for (let attempt = 0; ; attempt++) {
    let lostAnswer = false;
    try {
      const saved = await saveOnce(client, change);
      // `nochange`: the page already holds this text (someone made the same change meanwhile).
      if (saved.newRevId === null) {
        return { title: change.title, kind, status: 'unchanged', reason: 'the page already had this text; nothing saved' };
      }
      const outcome = succeeded(saved, false);
      const redo =
        action?.kind === 'edit'
          ? await redoAfterMerge(client, action, change, saved, options).catch((error: unknown) => {
              // The save stands and is recorded; the check is lost, not the edit.
              options.log.warn('merged save not checked', { page: change.title, error: errorMessage(error) });
              return null;
            })
          : null;
      if (!redo) return outcome;
      change = redo;
      continue;
    } catch (error) {
      const code = error instanceof WikiError ? error.apiCode : undefined;
      if (code && PROTECTION_CODES.has(code)) {
        const protectedError = new ProtectedPageError(change.title, code);
        options.log.error('page is protected', { page: change.title, code });
        return { title: change.title, kind, status: 'failed', reason: protectedError.message };
      }
      lostAnswer = error instanceof WriteOutcomeUnknownError;
      if (!lostAnswer && !(code && STALE_CODES.has(code))) {
        return { title: change.title, kind, status: 'failed', reason: errorMessage(error) };
      }
      if (attempt >= options.conflictRetries) {
        return {
          title: change.title,
          kind,
          status: 'failed',
          reason: `gave up on "${change.title}" after ${attempt + 1} attempts (${errorMessage(error)})`,
        };
      }
      options.log.warn(lostAnswer ? 'save lost its answer, re-reading' : 'page changed since read, re-reading', {
        page: change.title,
        code,
        attempt: attempt + 1,
      });
    }
    const fresh = (await client.readPages([change.title])).get(change.title);
    if (!fresh) return { title: change.title, kind, status: 'failed', reason: 'the wiki did not return the page on re-read' };
    if (!action) {
      if (landedWithoutAction(change, fresh)) return succeeded({ oldRevId: change.baseRevId, newRevId: fresh.revId }, true);
      if (!(lostAnswer && fresh.revId === change.baseRevId)) {
        return {
          title: change.title,
          kind,
          status: 'failed',
          reason: `"${change.title}" changed since the plan was made (revision ${change.baseRevId} → ${fresh.revId}); re-plan it`,
        };
      }
      continue;
    }
    const evaluation: Evaluation = evaluateAction(action, fresh, options);
    if ('outcome' in evaluation) {
      const landed = evaluation.outcome.status === 'unchanged' && lostAnswer && fresh.lastEditor === client.userName;
      return landed ? succeeded({ oldRevId: change.baseRevId, newRevId: fresh.revId }, true) : evaluation.outcome;
    }
    change = evaluation.change;
  }
}

/** What the writer keeps across writes: how many there were and when the last one was. */
interface WriteCount {
  saves: number;
  lastSaveAt: number;
}

/**
 * The marking for translation that follows the save of a translatable source (EditAction.markForTranslation,
 * src/core/mark-for-translation.ts): a write under the same rules as a save (stop request, budget,
 * shutoff, throttle; the page already passed the allowlist and the exclusion check). Null when none follows.
 */
async function followWithMarking(
  client: WikiClient,
  prepared: PreparedChange,
  outcome: ChangeOutcome,
  count: WriteCount,
  shutoffTitles: readonly string[],
  options: WriterOptions,
): Promise<ChangeOutcome | null> {
  if (!prepared.change.markForTranslation || !outcome.newRevId || !['edited', 'created'].includes(outcome.status)) return null;
  let blocked = options.shouldStop?.() ? 'the bot was asked to stop' : null;
  if (!blocked && count.saves >= options.editBudget) blocked = `the edit budget of ${options.editBudget} per run is used up`;
  if (!blocked) {
    const shutoff = await readShutoff(client, shutoffTitles);
    if (shutoff.active) blocked = `shut off (${shutoff.reason})`;
  }
  if (blocked) {
    return { title: outcome.title, kind: MARK_KIND, status: 'skipped', reason: `not marked for translation: ${blocked}; it needs re-marking` };
  }
  const wait = count.lastSaveAt + options.throttleMs - Date.now();
  if (wait > 0) await sleep(wait);
  const marking = await markSavedRevision(client, { title: outcome.title, revId: outcome.newRevId, text: prepared.change.newText });
  count.lastSaveAt = Date.now();
  if (marking.status === 'marked') count.saves++;
  options.log.info('change applied', { page: outcome.title, kind: MARK_KIND, status: marking.status, reason: marking.reason });
  return marking;
}

/** A plan's prepared changes, part by part (Task.plan): a later part is prepared only when asked for. */
export type PreparedParts = AsyncIterable<readonly PreparedChange[]> | Iterable<readonly PreparedChange[]>;

/**
 * Saves prepared changes in order, part after part, honouring shutoff, budget, throttle and a stop
 * request. Outcomes go into `outcomes` as they happen, so a run that fails in a later part still
 * accounts for what it saved. The next part is asked for only once this one is done; after a
 * shutoff or a stop request none is, and once the budget is used up each part is held back whole.
 */
export async function applyChanges(
  client: WikiClient,
  ledger: Ledger,
  parts: PreparedParts,
  options: WriterOptions,
  outcomes: ChangeOutcome[] = [],
): Promise<ApplyResult> {
  const pages = shutoffPages(options.shutoffPage, options.taskName);
  const count: WriteCount = { saves: 0, lastSaveAt: 0 };
  let done = 0;
  let total = 0;
  for await (const part of parts) {
    total += part.length;
    for (const [index, prepared] of part.entries()) {
      const { title, kind } = prepared.change;
      const holdBack = (reason: string) =>
        part.slice(index).map(({ change: c }): ChangeOutcome => ({ title: c.title, kind: c.kind, status: 'skipped', reason }));
      if (options.shouldStop?.()) {
        outcomes.push(...holdBack('not saved: the bot was asked to stop'));
        return { outcomes };
      }
      if (count.saves >= options.editBudget) {
        outcomes.push(...holdBack(`not saved: the edit budget of ${options.editBudget} per run is used up; next run`));
        break;
      }
      const shutoff = await readShutoff(client, pages);
      if (shutoff.active) {
        outcomes.push(...holdBack(`not saved: shut off (${shutoff.reason})`));
        return { outcomes, shutoff };
      }
      const wait = count.lastSaveAt + options.throttleMs - Date.now();
      if (wait > 0) await sleep(wait);
      const outcome = await saveChange(client, ledger, prepared, options);
      count.lastSaveAt = Date.now();
      if (['edited', 'created', 'posted'].includes(outcome.status)) count.saves++;
      options.log.info('change applied', { page: title, kind, status: outcome.status, reason: outcome.reason });
      outcomes.push(outcome);
      const marking = await followWithMarking(client, prepared, outcome, count, pages, options);
      if (marking) outcomes.push(marking);
      // The total grows as parts arrive: it counts the changes prepared so far.
      options.onProgress?.(++done, total);
    }
  }
  return { outcomes };
}
