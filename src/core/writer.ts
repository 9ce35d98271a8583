// The writer: the only code that saves pages, and nothing else (preparing is prepare-changes.ts).
// It re-runs the rules of planned-change.ts on fresh text whenever a save meets a conflict or loses
// its answer, a bounded number of times per change. Saves send `baserevid` (and no `basetimestamp`)
// so MediaWiki compares revisions. Failures travel as typed errors, caught here by type.
import type { Logger } from 'winston';
import type { Ledger } from '../ledger/ledger';
import { PAGE_STATE_PARAMS, pageStatesIn, type PageState, type WikiClient } from '../wiki/client';
import { EditConflictError, ProtectedPageError, WikiError, WikiUnreachableError, WriteOutcomeUnknownError, errorMessage } from './errors';
import { markSavedRevision, type SavedRevision } from './mark-for-translation';
import {
  evaluateAction,
  evaluateEdit,
  fullSummary,
  isSaved,
  notSaved,
  reminderMarker,
  type ChangeOutcome,
  type ChangeRules,
  type PlannedChange,
  type PreparedChange,
} from './planned-change';
import { sleep } from './sleep';
import type { EditAction } from './task';

export interface WriterOptions extends ChangeRules {
  /** The least time between two saves. */
  throttleMs: number;
  conflictRetries: number;
  runId: number;
  clock: () => Date;
  log: Logger;
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

/** What a save did: the revisions before and after (newRevId null: the page already had this text). */
interface Saved {
  oldRevId: number | null;
  newRevId: number | null;
}

/**
 * A save's next step: done with an outcome, or save again this change (re-planned on fresh text);
 * `landed` is a save that reached the wiki before the redo (MediaWiki merged it with an edit made meanwhile).
 */
type Step = { outcome: ChangeOutcome } | { change: PlannedChange; landed?: ChangeOutcome };

/**
 * A change's one outcome when a save of it already landed (merged by MediaWiki) before a redo: that
 * save, whatever the redo found; a redo that saved too shows both revisions in one diff.
 */
function withLandedSave(outcome: ChangeOutcome, landed: ChangeOutcome | undefined): ChangeOutcome {
  if (!landed) return outcome;
  if (isSaved(outcome)) return { ...outcome, oldRevId: landed.oldRevId };
  const redo = outcome.status === 'unchanged' ? 'nothing left to redo' : `the redo did not save: ${outcome.reason ?? outcome.status}`;
  return { ...landed, reason: `MediaWiki merged the save with an edit made meanwhile; ${redo}` };
}

function editParams(change: PlannedChange, pageExists: boolean): Record<string, string | number | boolean> {
  const common = { action: 'edit', title: change.title, summary: change.summary, bot: true, watchlist: 'nochange' };
  const existence: Record<string, boolean> = pageExists ? { nocreate: true } : { createonly: true };
  // baserevid only, never basetimestamp: MediaWiki 1.39 (EditPage::internalAttemptSave) drops a
  // conflict as an "edit conflict with self" when no other user saved *after* basetimestamp, a
  // comparison to the second, so a human edit in the same second as our base was overwritten.
  // Without basetimestamp it compares revision ids, then merges or answers editconflict.
  // For a new section, a base revision makes MediaWiki refuse the post when the latest revision is
  // the same user's with the same summary: the same post arriving late, after the bot gave up on it
  // and posted again. A person's post in between is no conflict for a new section.
  const base: Record<string, number> = change.baseRevId !== null ? { baserevid: change.baseRevId } : {};
  if (change.kind === 'new-section') {
    return { ...common, ...existence, section: 'new', sectiontitle: change.sectionTitle ?? '', text: change.newText, notminor: true, ...base };
  }
  return { ...common, ...existence, text: change.newText, ...base, ...(change.minor ? { minor: true } : { notminor: true }) };
}

/** A wiki error as the writer acts on it: protected, stale (re-read), or any other failure. */
function typedSaveError(error: unknown, title: string): unknown {
  const code = error instanceof WikiError ? error.apiCode : undefined;
  if (code && PROTECTION_CODES.has(code)) return new ProtectedPageError(title, code);
  if (code && STALE_CODES.has(code)) return new EditConflictError(title, code, errorMessage(error));
  return error;
}

async function saveOnce(client: WikiClient, change: PlannedChange): Promise<Saved> {
  let response;
  try {
    response = await client.write(editParams(change, change.baseRevId !== null));
  } catch (error) {
    throw typedSaveError(error, change.title);
  }
  const edit = response.edit;
  if (edit?.result !== 'Success') {
    throw new WikiError(`The wiki did not save "${change.title}": ${JSON.stringify(edit ?? response)}`, 'not-saved');
  }
  return { oldRevId: edit.oldrevid ?? change.baseRevId, newRevId: edit.newrevid ?? null };
}

/** Did the change land? For a plan read from JSON (no action to re-run), compare with what was planned. */
function landedWithoutAction(change: PlannedChange, fresh: PageState): boolean {
  if (!fresh.exists || fresh.text === null) return false;
  return change.kind === 'new-section' ? fresh.text.includes(reminderMarker(change.dedupeKey ?? '')) : fresh.text === change.newText;
}

/** Saves changes one at a time, at most one per `throttleMs`, and records each in the ledger. */
export class Writer {
  private lastSaveAt = 0;

  constructor(
    private readonly client: WikiClient,
    private readonly ledger: Ledger,
    private readonly options: WriterOptions,
  ) {}

  /** Saves one change (after the throttle's wait); never throws for a page, only reports. */
  save(prepared: PreparedChange): Promise<ChangeOutcome> {
    return this.throttled(() => this.saveWithRetries(prepared));
  }

  /**
   * Marks a revision the bot saved for translation (the third kind of write, after the throttle's
   * wait like a save); reports why not when it may not (src/core/mark-for-translation.ts).
   */
  mark(saved: SavedRevision): Promise<ChangeOutcome> {
    return this.throttled(() => markSavedRevision(this.client, saved));
  }

  private async throttled(write: () => Promise<ChangeOutcome>): Promise<ChangeOutcome> {
    const wait = this.lastSaveAt + this.options.throttleMs - Date.now();
    if (wait > 0) await sleep(wait);
    const outcome = await write();
    this.lastSaveAt = Date.now();
    return outcome;
  }

  /**
   * On a conflict or a lost answer, re-reads the page and re-plans on the fresh text, a bounded
   * number of times per change (not mwn's process-wide counter).
   */
  private async saveWithRetries({ change: first, action }: PreparedChange): Promise<ChangeOutcome> {
    let change = first;
    let landed: ChangeOutcome | undefined;
    // Once an answer was lost, that save may still land (late): every later re-read looks for it.
    let answerLost = false;
    for (let attempt = 0; ; attempt++) {
      let step: Step;
      try {
        step = await this.saveAndCheck(change, action);
      } catch (error) {
        if (!(error instanceof EditConflictError || error instanceof WriteOutcomeUnknownError)) {
          // A wiki that stopped answering ends the saving (SaveSession), unless a save of this change already landed.
          if (error instanceof WikiUnreachableError && !landed) throw error;
          return withLandedSave(this.failed(change, error), landed);
        }
        if (attempt >= this.options.conflictRetries) {
          const gaveUp = notSaved(change, `gave up on "${change.title}" after ${attempt + 1} attempts (${errorMessage(error)})`, 'failed');
          return withLandedSave(gaveUp, landed);
        }
        const lostAnswer = error instanceof WriteOutcomeUnknownError;
        answerLost ||= lostAnswer;
        this.options.log.warn(lostAnswer ? 'save lost its answer, re-reading' : 'page changed since read, re-reading', {
          page: change.title,
          code: error instanceof EditConflictError ? error.apiCode : undefined,
          attempt: attempt + 1,
        });
        step = await this.replan(change, action, answerLost);
      }
      if ('outcome' in step) return withLandedSave(step.outcome, landed);
      landed = landed ?? step.landed;
      change = step.change;
    }
  }

  private failed(change: PlannedChange, error: unknown): ChangeOutcome {
    if (error instanceof ProtectedPageError) this.options.log.error('page is protected', { page: change.title, code: error.apiCode });
    return notSaved(change, errorMessage(error), 'failed');
  }

  /** One save; after a save MediaWiki merged with an edit made meanwhile, the change to redo it. */
  private async saveAndCheck(change: PlannedChange, action: PreparedChange['action']): Promise<Step> {
    const saved = await saveOnce(this.client, change);
    if (saved.newRevId === null) return { outcome: await this.alreadySaved(change) };
    const outcome = this.succeeded(change, saved, false);
    if (action?.kind !== 'edit') return { outcome };
    const redo = await this.redoAfterMerge(action, change, saved).catch((error: unknown) => {
      // The save stands and is recorded; the check is lost, not the edit.
      this.options.log.warn('merged save not checked', { page: change.title, error: errorMessage(error) });
      return null;
    });
    return redo ? { change: redo, landed: outcome } : { outcome };
  }

  /**
   * `nochange`: the page already holds this text. When the bot's own revision with this summary is
   * there since the base, it is an earlier save of this change that reached the wiki after the bot
   * gave up on its answer (and re-read before it landed): that save is the one recorded. Otherwise
   * someone made the same change meanwhile, and the page is up to date.
   */
  private async alreadySaved(change: PlannedChange): Promise<ChangeOutcome> {
    const revision = await this.landedRevision(change);
    return revision ? this.succeeded(change, revision, true) : notSaved(change, 'the page already had this text; nothing saved', 'unchanged');
  }

  /** After a conflict or a lost answer: the page read again, and what to do with it. */
  private async replan(change: PlannedChange, action: PreparedChange['action'], lostAnswer: boolean): Promise<Step> {
    const fresh = (await this.client.readPages([change.title])).get(change.title);
    if (!fresh) return { outcome: notSaved(change, 'the wiki did not return the page on re-read', 'failed') };
    const landed = () => ({ outcome: this.succeeded(change, { oldRevId: change.baseRevId, newRevId: fresh.revId }, true) });
    if (!action) {
      if (landedWithoutAction(change, fresh)) return landed();
      if (lostAnswer && fresh.revId === change.baseRevId) return { change };
      const moved = `"${change.title}" changed since the plan was made (revision ${change.baseRevId} → ${fresh.revId}); re-plan it`;
      return { outcome: notSaved(change, moved, 'failed') };
    }
    const evaluation = evaluateAction(action, fresh, this.options);
    if ('change' in evaluation || evaluation.outcome.status !== 'unchanged' || !lostAnswer) return evaluation;
    if (fresh.lastEditor === this.client.userName) return landed();
    // Someone edited after the save landed: the bot's revision is looked for in the history.
    const revision = await this.landedRevision(change);
    return revision ? { outcome: this.succeeded(change, revision, true) } : evaluation;
  }

  /** The bot's revision of the page since the change's base, with its summary: a save that landed although its answer was lost. */
  private async landedRevision(change: PlannedChange): Promise<Saved | null> {
    const since: Record<string, number> = change.baseRevId !== null ? { rvendid: change.baseRevId } : {};
    const response = await this.client.query({ prop: 'revisions', titles: change.title, rvprop: 'ids|user|comment', rvlimit: 50, ...since });
    const revisions: { revid: number; parentid?: number; user?: string; comment?: string }[] = response.query?.pages?.[0]?.revisions ?? [];
    const mine = revisions.find((r) => r.revid !== change.baseRevId && r.user === this.client.userName && r.comment === change.summary);
    return mine ? { oldRevId: mine.parentid || change.baseRevId, newRevId: mine.revid } : null;
  }

  private succeeded(change: PlannedChange, saved: Saved, landedEarlier: boolean): ChangeOutcome {
    const { kind } = change;
    const created = change.baseRevId === null;
    this.ledger.recordEdit(
      {
        runId: this.options.runId,
        task: this.options.taskName,
        page: change.title,
        kind: kind === 'new-section' ? 'new-section' : created ? 'create' : 'edit',
        oldRevId: saved.oldRevId,
        newRevId: saved.newRevId,
        summary: change.summary,
        madeAt: this.options.clock().toISOString(),
      },
      change.records,
      change.dedupeKey,
    );
    return {
      title: change.title,
      kind,
      status: kind === 'new-section' ? 'posted' : created ? 'created' : 'edited',
      summary: change.summary,
      oldRevId: saved.oldRevId,
      newRevId: saved.newRevId,
      reason: landedEarlier ? 'the save reached the wiki although its answer was lost' : undefined,
    };
  }

  /**
   * MediaWiki merges a save whose baserevid is no longer the latest with the edits made since, and
   * the transform never saw those edits: a person's banner or region added elsewhere meanwhile stands
   * next to the bot's, and a {{nobots}} added meanwhile is ignored. After such a merge, the merged text
   * stands when the transform run on it changes nothing (no extra revision); otherwise the transform runs
   * on the revision the save was merged with, and a change is returned when the page is not what it gives.
   */
  private async redoAfterMerge(action: EditAction, change: PlannedChange, saved: Saved): Promise<PlannedChange | null> {
    // A creation (createonly) is never merged; a save based on the latest revision was not either.
    if (change.baseRevId === null || saved.oldRevId === change.baseRevId || saved.oldRevId === null || saved.newRevId === null) return null;
    // One read: the page as it is now and the revision before, which is the one the save was merged
    // with as long as nobody edited since (if someone did, the next run plans on their text).
    const response = await this.client.query({ ...PAGE_STATE_PARAMS, titles: change.title, rvlimit: 2 });
    const [current] = pageStatesIn([response]);
    const before = response.query?.pages?.[0]?.revisions?.[1];
    const meantime = before?.slots?.main?.content;
    if (current?.revId !== saved.newRevId || before?.revid !== saved.oldRevId || typeof meantime !== 'string') return null;
    // MediaWiki's merge already holds the change when the transform run on it changes nothing: it stands.
    const onMerged = evaluateEdit(action, current, this.options);
    if ('outcome' in onMerged && onMerged.outcome.status === 'unchanged') return null;
    const evaluation = evaluateEdit(action, { ...current, revId: saved.oldRevId, text: meantime }, this.options);
    const wanted = 'change' in evaluation ? evaluation.change.newText : meantime;
    // MediaWiki stores text without trailing whitespace.
    if (wanted.trimEnd() === (current.text ?? '').trimEnd()) return null;
    this.options.log.warn('save was merged with an edit made meanwhile, redoing it', { page: change.title, mergedWith: saved.oldRevId });
    return {
      ...change,
      baseRevId: current.revId,
      baseTimestamp: current.timestamp,
      oldText: current.text ?? '',
      newText: wanted,
      summary: fullSummary(`${action.summary}, redone on revision ${saved.oldRevId} that MediaWiki merged it with`, this.options),
      // The records went to the ledger with the merged save.
      records: [],
    };
  }
}
