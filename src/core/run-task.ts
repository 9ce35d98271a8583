// One run of one task: plan, read the pages, then either report the diffs (dry-run) or apply them,
// part by part (Task.plan), and keep the run's account in the ledger. A task that throws fails its
// own run, never another's.
import type { Logger } from 'winston';
import type { Config } from '../config/schema';
import type { Ledger, RunResult, RunTrigger } from '../ledger/ledger';
import type { LedgerRecord } from '../ledger/records';
import type { WikiClient } from '../wiki/client';
import { rememberingReader } from '../wiki/remembering-reader';
import { applyChanges, preparePlan, recordRecoveredPosts, type PreparedChange, type PreparedParts, type WriterOptions } from './apply-plan';
import { errorMessage } from './errors';
import { plannedMarking } from './mark-for-translation';
import type { ChangeOutcome, ChangeRules, PlannedChange } from './planned-change';
import { readShutoff, shutoffPages } from './shutoff';
import { PAGES_PER_PART, type Action, type Task, type TaskPlan } from './task';

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

export interface RunRequest {
  task: Task;
  trigger: RunTrigger;
  dryRun: boolean;
  /** Limit the run to one page (`--page`). */
  onlyPage?: string;
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
  /** Why the run failed as a whole (a crash of the task, an unreachable wiki). */
  error?: string;
  requests: number;
}

function sameTitle(a: string, b: string): boolean {
  return a.replace(/_/g, ' ').trim() === b.replace(/_/g, ' ').trim();
}

function recordPage(record: LedgerRecord): string | undefined {
  if (record.kind === 'signal') return record.signal.page;
  if (record.kind === 'translation-snapshot') return record.snapshot.page;
  return undefined;
}

/** `--page`: keep only what concerns that page. */
function limitToPage(plan: TaskPlan, page: string | undefined): TaskPlan {
  if (!page) return plan;
  const keepRecord = (r: LedgerRecord) => {
    const about = recordPage(r);
    return about === undefined || sameTitle(about, page);
  };
  return {
    actions: plan.actions.filter((a: Action) => sameTitle(a.title, page)),
    records: (plan.records ?? []).filter(keepRecord),
    notes: plan.notes,
  };
}

export function changeRules(config: Config, taskName: string, botName: string): ChangeRules {
  return { taskName, botName, allow: config.safety.allow, docsPage: config.bot.docsPage };
}

/** The writer's settings for one run: config's safety block plus the run's identity and hooks. */
export function writerOptions(
  deps: Pick<RunDeps, 'config' | 'clock' | 'shouldStop' | 'onProgress'>,
  rules: ChangeRules,
  runId: number,
  log: Logger,
): WriterOptions {
  const { safety } = deps.config;
  return {
    ...rules,
    shutoffPage: safety.shutoffPage,
    throttleMs: safety.throttleSeconds * 1000,
    editBudget: safety.editBudget,
    conflictRetries: safety.conflictRetries,
    recentRevisionsChecked: safety.recentRevisionsChecked,
    runId,
    clock: deps.clock,
    log,
    shouldStop: deps.shouldStop,
    onProgress: deps.onProgress,
  };
}

/** How an applied run ended: the result and, for a shutoff, why. */
export interface SettledRun {
  result: RunResult;
  error?: string;
}

/** What a run gathers beside its changes while its parts are prepared; complete once they all are. */
export interface RunAccount {
  /** Outcomes decided before saving (skips, refusals), reported after the saves. */
  settled: ChangeOutcome[];
  /** The plan's own records (signals, snapshots, task state). */
  records: LedgerRecord[];
  notes: string[];
}

/**
 * Saves the prepared changes, then settles the run: a shutoff ends it as such; otherwise the plan's
 * own records go to the ledger, and the run is interrupted, failed (any change failed) or ok.
 * `saved` receives the writer's outcomes as they happen, so a run that fails part-way accounts for
 * them too: the run's outcomes are `saved`, then `account.settled`.
 */
export async function applyAndSettle(
  deps: RunDeps,
  rules: ChangeRules,
  run: OpenRun,
  task: string,
  parts: PreparedParts,
  account: Pick<RunAccount, 'settled' | 'records'>,
  saved: ChangeOutcome[],
): Promise<SettledRun> {
  const applied = await applyChanges(deps.wiki, deps.ledger, parts, writerOptions(deps, rules, run.runId, run.log), saved);
  if (applied.shutoff) return { result: 'shutoff', error: `shut off: ${applied.shutoff.reason}` };
  deps.ledger.recordAll(run.runId, task, run.startedAt, account.records);
  if (deps.shouldStop?.()) return { result: 'interrupted' };
  return { result: [...saved, ...account.settled].some((o) => o.status === 'failed') ? 'failed' : 'ok' };
}

/** A run in progress: its ledger row, its logger (run id and task on every line) and its request count. */
export interface OpenRun {
  runId: number;
  startedAt: Date;
  log: Logger;
  requestsBefore: number;
}

export function openRun(deps: Pick<RunDeps, 'wiki' | 'ledger' | 'log' | 'clock'>, task: string, trigger: RunTrigger, dryRun: boolean): OpenRun {
  const startedAt = deps.clock();
  const runId = deps.ledger.startRun(task, trigger, dryRun, startedAt);
  return { runId, startedAt, log: deps.log.child({ task, runId }), requestsBefore: deps.wiki.requestCount };
}

/** Records how a run ended (counts, error, notes, pages not saved) and returns its report. */
export function closeRun(
  deps: Pick<RunDeps, 'wiki' | 'ledger' | 'clock'>,
  run: OpenRun,
  account: Omit<TaskRunReport, 'runId' | 'startedAt' | 'endedAt' | 'requests'>,
  extraDetails: Record<string, unknown> = {},
): TaskRunReport {
  const endedAt = deps.clock();
  const counts = countOutcomes(account.outcomes);
  const requests = deps.wiki.requestCount - run.requestsBefore;
  deps.ledger.finishRun(run.runId, endedAt, {
    result: account.result,
    ...counts,
    requests,
    details: {
      error: account.error,
      notes: account.notes,
      ...extraDetails,
      outcomes: account.outcomes.filter((o) => o.status !== 'planned' && o.status !== 'edited'),
    },
  });
  run.log.info('run finished', { result: account.result, ...counts, requests });
  return { ...account, runId: run.runId, startedAt: run.startedAt.toISOString(), endedAt: endedAt.toISOString(), requests };
}

export function countOutcomes(outcomes: readonly ChangeOutcome[]) {
  return {
    edits: outcomes.filter((o) => ['edited', 'created', 'posted'].includes(o.status)).length,
    skipped: outcomes.filter((o) => o.status === 'skipped' || o.status === 'unchanged').length,
    errors: outcomes.filter((o) => o.status === 'failed').length,
  };
}

/**
 * The task's plan, part by part, each prepared from the pages the task read for it (no page is read
 * twice) before the next part is asked for; the reader then forgets them. Notes, records and the
 * outcomes settled while preparing go into `account`.
 */
async function* preparedParts(deps: RunDeps, request: RunRequest, run: OpenRun, rules: ChangeRules, account: RunAccount): AsyncGenerator<PreparedChange[]> {
  const { wiki, ledger, config } = deps;
  const { task } = request;
  const reader = rememberingReader(wiki);
  const parts = task.plan({
    now: run.startedAt,
    settings: config.tasks[task.name].settings,
    wiki: reader,
    ledger,
    log: run.log,
    taskName: task.name,
    botName: wiki.userName,
    onlyPage: request.onlyPage,
    pagesPerPart: deps.pagesPerPart ?? PAGES_PER_PART,
  });
  for await (const part of parts) {
    const plan = limitToPage(part, request.onlyPage);
    account.notes.push(...(plan.notes ?? []));
    account.records.push(...(plan.records ?? []));
    const prepared = await preparePlan(reader, ledger, plan.actions, rules, config.safety.recentRevisionsChecked);
    reader.forget();
    if (!request.dryRun) recordRecoveredPosts(ledger, prepared.items, run.runId, run.startedAt);
    account.settled.push(...prepared.items.flatMap((item) => ('outcome' in item ? [item.outcome] : [])));
    yield prepared.items.flatMap((item) => ('prepared' in item ? [item.prepared] : []));
  }
}

function plannedOutcome({ change }: PreparedChange): ChangeOutcome {
  return { title: change.title, kind: change.kind, status: 'planned', summary: change.summary };
}

export async function runTask(deps: RunDeps, request: RunRequest): Promise<TaskRunReport> {
  const { wiki, config } = deps;
  const { task, dryRun } = request;
  const run = openRun(deps, task.name, request.trigger, dryRun);
  const rules = changeRules(config, task.name, wiki.userName);
  const account: RunAccount = { settled: [], records: [], notes: [] };
  // Saved or planned so far, as they happen: a run that fails in a later part still accounts for them.
  const done: ChangeOutcome[] = [];
  let result: RunResult = 'ok';
  let error: string | undefined;
  run.log.info('run started', { trigger: request.trigger, dryRun, page: request.onlyPage });
  try {
    const shutoff = dryRun ? undefined : await readShutoff(wiki, shutoffPages(config.safety.shutoffPage, task.name));
    if (shutoff?.active) {
      result = 'shutoff';
      error = `shut off: ${shutoff.reason}`;
    } else if (dryRun) {
      for await (const ready of preparedParts(deps, request, run, rules, account)) {
        deps.onPlanned?.(ready.map((p) => p.change));
        for (const prepared of ready) {
          done.push(plannedOutcome(prepared));
          // The marking for translation that would follow the save, or why the page would need re-marking.
          if (prepared.change.markForTranslation) done.push(await plannedMarking(wiki, prepared.change.title));
        }
      }
    } else {
      ({ result, error } = await applyAndSettle(deps, rules, run, task.name, preparedParts(deps, request, run, rules, account), account, done));
    }
  } catch (caught) {
    result = 'failed';
    error = errorMessage(caught);
    run.log.error('run failed', { error: error, stack: caught instanceof Error ? caught.stack : undefined });
  }
  return closeRun(deps, run, {
    task: task.name,
    dryRun,
    result,
    outcomes: [...done, ...account.settled],
    notes: account.notes,
    records: account.records,
    error,
  });
}
