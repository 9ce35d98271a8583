// From a task's action and the page as read, to a concrete change (or a reason not to make one).
// Pure: used when planning and again on fresh text after an edit conflict or a lost answer.
import type { AllowRule } from '../config/schema';
import type { LedgerRecord } from '../ledger/records';
import type { PageState } from '../wiki/client';
import { findUnbalancedMarkupAfterEdit } from '../wikitext/edit-balance';
import { findUnbalancedMarkup } from '../wikitext/parse';
import { isTitleAllowed } from './allowlist';
import { isBotAllowed } from './exclusion';
import { findRegion, onlyRegionsChanged } from './managed-region';
import type { Action, EditAction, NewSectionAction } from './task';

export interface PlannedChange {
  kind: 'edit' | 'new-section';
  title: string;
  summary: string;
  /** The revision the change was computed from; null when the page did not exist. */
  baseRevId: number | null;
  baseTimestamp: string | null;
  oldText: string;
  /** For an edit, the whole new text; for a new section, the section's wikitext. */
  newText: string;
  minor: boolean;
  sectionTitle?: string;
  dedupeKey?: string;
  records: LedgerRecord[];
  /** From EditAction.markForTranslation: mark the saved revision for translation. */
  markForTranslation?: boolean;
}

/** `not-reached`: the run ended before this change's turn (outage, stop, shutoff, edit budget); its reason says which. */
export const CHANGE_STATUSES = ['edited', 'created', 'posted', 'marked', 'planned', 'unchanged', 'skipped', 'failed', 'not-reached'] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

/** The statuses of a change that reached the wiki (a marking for translation is a write too): the one list of them. */
export const SAVED_STATUSES: ReadonlySet<ChangeStatus> = new Set<ChangeStatus>(['edited', 'created', 'posted', 'marked']);

export function isSaved(outcome: Pick<ChangeOutcome, 'status'>): boolean {
  return SAVED_STATUSES.has(outcome.status);
}

export interface ChangeOutcome {
  title: string;
  /** `mark-for-translation`: the writer's marking after an edit (src/core/mark-for-translation.ts). */
  kind: Action['kind'] | 'mark-for-translation';
  status: ChangeStatus;
  reason?: string;
  summary?: string;
  oldRevId?: number | null;
  newRevId?: number | null;
}

export interface ChangeRules {
  taskName: string;
  botName: string;
  allow: readonly AllowRule[];
  docsPage: string;
  /**
   * The largest page the wiki saves, in bytes of UTF-8 (siteinfo `maxarticlesize`: 2 MiB on Wikimedia
   * wikis); a change past it is refused when planned, where the wiki would only refuse its save
   * (`contenttoobig`). Absent: not known, not checked.
   */
  maxArticleBytes?: number;
}

export type Evaluation = { change: PlannedChange } | { outcome: ChangeOutcome };

/** A change ready to save, with the action it came from when it can be re-planned on fresh text (not for a saved plan). */
export interface PreparedChange {
  change: PlannedChange;
  action?: EditAction | NewSectionAction;
}

/** How a change that will not be saved is reported: the status is 'skipped' unless said otherwise. */
export function notSaved(change: { title: string; kind: Action['kind'] }, reason: string, status: ChangeStatus = 'skipped'): ChangeOutcome {
  return { title: change.title, kind: change.kind, status, reason };
}

export function fullSummary(summary: string, rules: ChangeRules): string {
  return `${summary} ([[${rules.docsPage}#${rules.taskName}|deptbot ${rules.taskName}]])`;
}

export function reminderMarker(dedupeKey: string): string {
  return `<!-- deptbot:${dedupeKey} -->`;
}

/**
 * The wikitext of a new section: the message, the hidden marker, and the signature archive bots date.
 * No space between marker and signature: MediaWiki drops the comment, and a line left starting with a
 * space renders as a preformatted box.
 */
export function sectionText(body: string, dedupeKey: string): string {
  return `${body.trim()}\n${reminderMarker(dedupeKey)}~~~~`;
}

/** The page as MediaWiki composes it for `section=new` (WikitextContent::addSectionHeader, then replaceSection), before the signature is expanded. */
function pageWithNewSection(oldText: string, sectionTitle: string, sectionBody: string): string {
  const section = `== ${sectionTitle} ==\n\n${sectionBody}`;
  return oldText.trim() ? `${oldText}\n\n${section}` : section;
}

function skipped(action: Action, reason: string, status: 'skipped' | 'unchanged' = 'skipped'): { outcome: ChangeOutcome } {
  return { outcome: notSaved(action, reason, status) };
}

function refused(action: Action, reason: string): { outcome: ChangeOutcome } {
  return { outcome: notSaved(action, reason, 'failed') };
}

/** Checks every page-level rule shared by edits and new sections; null when the page may be written. */
function pageRefusal(action: EditAction | NewSectionAction, page: PageState, rules: ChangeRules): string | null {
  if (page.invalidReason) return `"${action.title}" is not a valid title (${page.invalidReason})`;
  if (!isTitleAllowed(page.title, page.namespace, rules.allow)) {
    return `"${page.title}" is outside the pages this bot may edit (safety.allow)`;
  }
  if (page.isRedirect) return `"${page.title}" is a redirect; the bot does not edit redirects`;
  if (page.exists && page.contentModel !== 'wikitext') {
    return `"${page.title}" has content model ${page.contentModel}, not wikitext`;
  }
  if (page.exists && page.text !== null) {
    const verdict = isBotAllowed(page.text, rules.botName, rules.taskName);
    if (!verdict.allowed) return verdict.reason;
  }
  return null;
}

/** The transform's answer; a transform that throws skips its page (as failed), and the run goes on. */
function transformed(
  action: EditAction,
  oldText: string,
  page: PageState,
): { text: string } | { skip: string; status?: 'skipped' | 'unchanged' } | { refuse: string } {
  try {
    return action.transform(oldText, page);
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { refuse: `the change to "${page.title}" could not be worked out (${message}); refused` };
  }
}

/** Why a page of `bytes` would not be saved: larger than the wiki takes. */
function sizeRefusal(title: string, bytes: number, rules: ChangeRules): string | null {
  if (rules.maxArticleBytes === undefined || bytes <= rules.maxArticleBytes) return null;
  const count = (n: number) => n.toLocaleString('en-US');
  return `the change to "${title}" would make it ${count(bytes)} bytes, more than the wiki takes (maxarticlesize: ${count(rules.maxArticleBytes)} bytes); refused`;
}

/** Why a transform's output must not be saved: too large, unbalanced, or it changed text outside its regions. */
function outputRefusal(action: EditAction, oldText: string, newText: string, title: string, rules: ChangeRules): string | null {
  const tooLarge = sizeRefusal(title, Buffer.byteLength(newText), rules);
  if (tooLarge) return tooLarge;
  const unbalanced = findUnbalancedMarkupAfterEdit(oldText, newText);
  if (unbalanced) return `the change to "${title}" would leave unbalanced markup (${unbalanced}); refused`;
  const regionsBefore = (action.regions ?? []).filter((name) => findRegion(oldText, name).kind === 'found');
  if (regionsBefore.length && !onlyRegionsChanged(oldText, newText, regionsBefore)) {
    return `the change to "${title}" touched text outside its managed region; refused`;
  }
  return null;
}

export function evaluateEdit(action: EditAction, page: PageState, rules: ChangeRules): Evaluation {
  const refusal = pageRefusal(action, page, rules);
  if (refusal) return skipped(action, refusal);
  if (!page.exists && !action.createIfMissing) return skipped(action, `"${page.title}" does not exist`);
  const oldText = page.exists ? (page.text ?? '') : '';
  const unbalanced = findUnbalancedMarkup(oldText);
  if (unbalanced) return skipped(action, `"${page.title}" has unbalanced markup: ${unbalanced}`);
  for (const name of action.regions ?? []) {
    const region = findRegion(oldText, name);
    if (region.kind === 'broken') return skipped(action, `"${page.title}": ${region.reason}`);
  }
  const result = transformed(action, oldText, page);
  if ('refuse' in result) return refused(action, result.refuse);
  if ('skip' in result) return skipped(action, result.skip, result.status);
  if (result.text === oldText) return skipped(action, 'already up to date', 'unchanged');
  const badOutput = outputRefusal(action, oldText, result.text, page.title, rules);
  if (badOutput) return refused(action, badOutput);
  return {
    change: {
      kind: 'edit',
      title: page.title,
      summary: fullSummary(action.summary, rules),
      baseRevId: page.revId,
      baseTimestamp: page.timestamp,
      oldText,
      newText: result.text,
      minor: action.minor ?? false,
      records: [...(action.records ?? [])],
      ...(action.markForTranslation ? { markForTranslation: true } : {}),
    },
  };
}

export function evaluateNewSection(action: NewSectionAction, page: PageState, rules: ChangeRules): Evaluation {
  const refusal = pageRefusal(action, page, rules);
  if (refusal) return skipped(action, refusal);
  const oldText = page.exists ? (page.text ?? '') : '';
  if (oldText.includes(reminderMarker(action.dedupeKey))) {
    return skipped(action, `already posted: its marker is on "${page.title}"`, 'unchanged');
  }
  // A section appended after an unclosed comment, template or <translate> would be swallowed by it.
  const unbalanced = findUnbalancedMarkup(oldText);
  if (unbalanced) return skipped(action, `"${page.title}" has unbalanced markup: ${unbalanced}`);
  const newText = sectionText(action.body, action.dedupeKey);
  const tooLarge = sizeRefusal(page.title, Buffer.byteLength(pageWithNewSection(oldText, action.sectionTitle, newText)), rules);
  if (tooLarge) return refused(action, tooLarge);
  return {
    change: {
      kind: 'new-section',
      title: page.title,
      summary: fullSummary(action.summary, rules),
      baseRevId: page.revId,
      baseTimestamp: page.timestamp,
      oldText,
      newText,
      minor: false,
      sectionTitle: action.sectionTitle,
      dedupeKey: action.dedupeKey,
      records: [...(action.records ?? [])],
    },
  };
}

export function evaluateAction(action: EditAction | NewSectionAction, page: PageState, rules: ChangeRules): Evaluation {
  return action.kind === 'edit' ? evaluateEdit(action, page, rules) : evaluateNewSection(action, page, rules);
}
