// The one run loop: every run (a task's plan, a reviewed plan file, the status pages) lives here from
// start to end: open the run in the ledger, check the shutoff, take the source's parts one at a time
// (each already prepared), print or save each before asking for the next, settle, close. The source
// only says where the changes come from; the account of the run is what this loop returns.
import type { Logger } from 'winston';
import type { Config } from '../config/schema';
import type { Ledger, RunResult, RunTrigger } from '../ledger/ledger';
import type { LedgerRecord } from '../ledger/records';
import type { WikiClient } from '../wiki/client';
import { WikiUnreachableError, errorMessage } from './errors';
import { plannedMarking } from './mark-for-translation';
import { isSaved, type ChangeOutcome, type ChangeRules, type PlannedChange, type PreparedChange } from './planned-change';
import type { PreparedPart, RecoveredPost } from './prepare-changes';
import { SaveSession, type SaveEnd } from './save-session';
import { readShutoff, shutoffPages } from './shutoff';

export interface RunDeps {
  wiki: WikiClient;
  ledger: Ledger;
  config: Config;
  log: Logger;
  clock: () => Date;
  shouldStop?: () => boolean;
  onProgress?: (done: number, total: number) => void;
  /**
   * Dry-run: each part's planned changes as soon as they are prepared, to print or save. The report
   * keeps only their outcomes, so that a plan of many pages never holds all their texts at once.
   */
  onPlanned?: (changes: readonly PlannedChange[]) => void;
  /** Pages per part of a plan (Task.plan); PAGES_PER_PART when unset. */
  pagesPerPart?: number;
}

export interface TaskRunReport {
  task: string;
  runId: number;
  dryRun: boolean;
  result: RunResult;
  startedAt: string;
  endedAt: string;
  /** One per action: 'planned' for a dry-run's changes (RunDeps.onPlanned has their texts). */
  outcomes: ChangeOutcome[];
  notes: string[];
  /** The plan's own ledger records (signals, snapshots, task state): written by a real run, kept for `deptbot apply`. */
  records: LedgerRecord[];
  /** Why the run failed as a whole (a crash of the task), or why the wiki counted as unreachable. */
  error?: string;
  requests: number;
}

/** One part of a run as its source hands it over: prepared, with the plan's notes and records. */
export interface SourcePart extends PreparedPart {
  notes?: readonly string[];
  records?: readonly LedgerRecord[];
}

/** What a source gets to make its parts: the run's clock reading, logger and rules. */
export interface RunScope {
  startedAt: Date;
  log: Logger;
  rules: ChangeRules;
}

/** Where a run's changes come from. */
export interface RunSource {
  /** The task the run is recorded under (its ledger name, shutoff subpage and documentation anchor). */
  readonly task: string;
  readonly trigger: RunTrigger;
  readonly dryRun: boolean;
  /** Logged when the run starts. */
  readonly about?: Record<string, unknown>;
  /** Kept with the run's details in the ledger. */
  readonly details?: Record<string, unknown>;
  /** The parts, in order; a part is asked for only once the one before is printed or saved. */
  parts(scope: RunScope): AsyncIterable<SourcePart>;
}

/** A run that was not opened: nothing was to be saved (see runWhenChanged). */
export interface RunNotOpened {
  runId: null;
  outcomes: ChangeOutcome[];
}

interface OpenRun {
  runId: number;
  startedAt: Date;
  log: Logger;
  requestsBefore: number;
}

interface Ending {
  result: RunResult;
  error?: string;
}

/** The rules every change of a task is planned by: the config's, and the wiki's own account and page size limit. */
export function changeRules(config: Config, taskName: string, wiki: Pick<WikiClient, 'userName' | 'siteInfo'>): ChangeRules {
  return { taskName, botName: wiki.userName, allow: config.safety.allow, docsPage: config.bot.docsPage, maxArticleBytes: wiki.siteInfo.maxArticleBytes };
}

/** A run that could not do all it was to do: the task or a page failed it, or the wiki stopped answering. */
export function endedInFailure(report: Pick<TaskRunReport, 'result'>): boolean {
  return report.result === 'failed' || report.result === 'unreachable';
}

export function countOutcomes(outcomes: readonly ChangeOutcome[]) {
  return {
    edits: outcomes.filter(isSaved).length,
    skipped: outcomes.filter((o) => o.status === 'skipped' || o.status === 'unchanged').length,
    errors: outcomes.filter((o) => o.status === 'failed').length,
    notReached: outcomes.filter((o) => o.status === 'not-reached').length,
  };
}

/** What a run has gathered so far: kept as it happens, so a run that fails part-way accounts for it. */
class RunAccount {
  /** Saved (or planned) so far, in order. */
  readonly done: ChangeOutcome[] = [];
  /** Decided before saving (skips, refusals): reported after the saves. */
  readonly settled: ChangeOutcome[] = [];
  readonly notes: string[] = [];
  readonly records: LedgerRecord[] = [];

  take(part: SourcePart): void {
    this.settled.push(...part.settled);
    this.notes.push(...(part.notes ?? []));
    this.records.push(...(part.records ?? []));
  }

  outcomes(): ChangeOutcome[] {
    return [...this.done, ...this.settled];
  }
}

function openRun(deps: RunDeps, source: RunSource, startedAt: Date): OpenRun {
  const runId = deps.ledger.startRun(source.task, source.trigger, source.dryRun, startedAt);
  return { runId, startedAt, log: deps.log.child({ task: source.task, runId }), requestsBefore: deps.wiki.requestCount };
}

/** Records how a run ended (counts, error, notes, pages not saved) and returns its report. */
function closeRun(deps: RunDeps, source: RunSource, run: OpenRun, account: RunAccount, ending: Ending): TaskRunReport {
  const endedAt = deps.clock();
  const outcomes = account.outcomes();
  const { notReached, ...counts } = countOutcomes(outcomes);
  const requests = deps.wiki.requestCount - run.requestsBefore;
  deps.ledger.finishRun(run.runId, endedAt, {
    result: ending.result,
    ...counts,
    requests,
    details: {
      error: ending.error,
      ...(notReached ? { notReached } : {}),
      notes: account.notes,
      ...source.details,
      outcomes: outcomes.filter((o) => o.status !== 'planned' && o.status !== 'edited'),
    },
  });
  run.log.info('run finished', { result: ending.result, ...counts, notReached, requests });
  return {
    task: source.task,
    runId: run.runId,
    dryRun: source.dryRun,
    result: ending.result,
    startedAt: run.startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    outcomes,
    notes: account.notes,
    records: account.records,
    error: ending.error,
    requests,
  };
}

/** Writes to the ledger what an applied run found already posted on the wiki. */
function recordRecoveredPosts(ledger: Ledger, posts: readonly RecoveredPost[], run: OpenRun): void {
  for (const post of posts) {
    ledger.recordReminder(post.reminder, run.runId);
    ledger.recordAll(run.runId, post.reminder.task, run.startedAt, post.records);
  }
}

/**
 * A planned change as the run keeps it to its end, for the counts: its summary was printed with
 * its part and is read by nothing after, and 10,000 of them were 10-13 MB of office-hours' peak.
 */
function plannedOutcome({ change }: PreparedChange): ChangeOutcome {
  return { title: change.title, kind: change.kind, status: 'planned' };
}

/**
 * Dry-run: each part's changes go to `onPlanned` and are accounted as planned, each followed by the
 * marking for translation its save would bring (or why the page would need re-marking).
 */
async function planParts(deps: RunDeps, parts: AsyncIterable<SourcePart>, account: RunAccount): Promise<Ending> {
  for await (const part of parts) {
    account.take(part);
    deps.onPlanned?.(part.ready.map((p) => p.change));
    for (const prepared of part.ready) {
      account.done.push(plannedOutcome(prepared));
      if (prepared.change.markForTranslation) account.done.push(plannedMarking(deps.wiki, prepared.change.title));
    }
  }
  return { result: 'ok' };
}

/** Saves each part before asking for the next; how the saving ended, if it ended early. */
async function saveParts(deps: RunDeps, run: OpenRun, rules: ChangeRules, parts: AsyncIterable<SourcePart>, account: RunAccount): Promise<SaveEnd | undefined> {
  const { safety } = deps.config;
  const saving = new SaveSession(deps.wiki, deps.ledger, {
    ...rules,
    shutoffPage: safety.shutoffPage,
    shutoffRecheckMs: safety.shutoffRecheckSeconds * 1000,
    throttleMs: safety.throttleSeconds * 1000,
    editBudget: safety.editBudget,
    conflictRetries: safety.conflictRetries,
    runId: run.runId,
    clock: deps.clock,
    log: run.log,
    shouldStop: deps.shouldStop,
    onProgress: deps.onProgress,
  });
  for await (const part of parts) {
    account.take(part);
    recordRecoveredPosts(deps.ledger, part.recovered, run);
    for await (const outcome of saving.savePart(part.ready)) account.done.push(outcome);
    if (saving.ended) return saving.ended;
  }
  return undefined;
}

/**
 * Saves the parts, then settles the run: a shutoff ends it as such; otherwise the plan's own records
 * go to the ledger, and the run is interrupted, failed (any change failed) or ok.
 */
async function applyParts(deps: RunDeps, source: RunSource, run: OpenRun, rules: ChangeRules, parts: AsyncIterable<SourcePart>, account: RunAccount): Promise<Ending> {
  const ended = await saveParts(deps, run, rules, parts, account);
  if (ended?.kind === 'shutoff') return { result: 'shutoff', error: `shut off: ${ended.reason}` };
  if (ended?.kind === 'unreachable') return { result: 'unreachable', error: ended.error };
  deps.ledger.recordAll(run.runId, source.task, run.startedAt, account.records);
  if (deps.shouldStop?.()) return { result: 'interrupted' };
  return { result: account.outcomes().some((o) => o.status === 'failed') ? 'failed' : 'ok' };
}

/** Drives an open run to its end and closes it; whatever goes wrong fails this run only. */
async function driveRun(
  deps: RunDeps,
  source: RunSource,
  run: OpenRun,
  rules: ChangeRules,
  parts: (log: Logger) => AsyncIterable<SourcePart>,
  checkShutoffFirst: boolean,
): Promise<TaskRunReport> {
  const account = new RunAccount();
  let ending: Ending;
  run.log.info('run started', { trigger: source.trigger, dryRun: source.dryRun, ...source.about });
  try {
    const shutoff = checkShutoffFirst && !source.dryRun ? await readShutoff(deps.wiki, shutoffPages(deps.config.safety.shutoffPage, source.task)) : undefined;
    if (shutoff?.active) ending = { result: 'shutoff', error: `shut off: ${shutoff.reason}` };
    else if (source.dryRun) ending = await planParts(deps, parts(run.log), account);
    else ending = await applyParts(deps, source, run, rules, parts(run.log), account);
  } catch (caught) {
    ending = { result: caught instanceof WikiUnreachableError ? 'unreachable' : 'failed', error: errorMessage(caught) };
    run.log.error('run failed', { error: ending.error, stack: caught instanceof Error ? caught.stack : undefined });
  }
  return closeRun(deps, source, run, account, ending);
}

/** One run of a source, from opening to closing; a failure of the source fails this run only. */
export async function runLoop(deps: RunDeps, source: RunSource): Promise<TaskRunReport> {
  const run = openRun(deps, source, deps.clock());
  const rules = changeRules(deps.config, source.task, deps.wiki);
  return driveRun(deps, source, run, rules, (log) => source.parts({ startedAt: run.startedAt, log, rules }), true);
}

/**
 * A run that leaves no trace when there is nothing to save (the status pages): the parts are taken
 * until one has a change, and only then is the run opened (after `beforeOpening`) and driven on,
 * starting with the parts already taken. Saving checks the shutoff before each save as always.
 */
export async function runWhenChanged(deps: RunDeps, source: RunSource, beforeOpening: () => Promise<void>): Promise<TaskRunReport | RunNotOpened> {
  const startedAt = deps.clock();
  const rules = changeRules(deps.config, source.task, deps.wiki);
  const parts = source.parts({ startedAt, log: deps.log.child({ task: source.task }), rules })[Symbol.asyncIterator]();
  const taken: SourcePart[] = [];
  for (let next = await parts.next(); !next.done; next = await parts.next()) {
    taken.push(next.value);
    if (!next.value.ready.length) continue;
    await beforeOpening();
    const run = openRun(deps, source, startedAt);
    const rest = { [Symbol.asyncIterator]: () => parts };
    return driveRun(deps, source, run, rules, () => concatParts(taken, rest), false);
  }
  return { runId: null, outcomes: taken.flatMap((part) => part.settled) };
}

async function* concatParts(first: readonly SourcePart[], rest: AsyncIterable<SourcePart>): AsyncGenerator<SourcePart> {
  yield* first;
  yield* rest;
}
