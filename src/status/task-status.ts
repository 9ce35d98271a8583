// What the status views (the on-wiki status page and `deptbot status`) know about each task,
// gathered from the ledger, the config and the registry.
import type { Config } from '../config/schema';
import { byCodePoint } from '../core/code-point-order';
import { MARK_KIND, remarkingResolved } from '../core/mark-for-translation';
import { CHANGE_STATUSES, type ChangeOutcome } from '../core/planned-change';
import { nextRun } from '../core/schedule';
import type { Task } from '../core/task';
import type { Ledger, RunRow } from '../ledger/ledger';
import type { EditRow } from '../ledger/records';
import type { WikiReader } from '../wiki/client';

/** A run that saved something, with its edits. */
export interface RunEdits {
  run: RunRow;
  edits: EditRow[];
}

/**
 * How a run's pages ended, in the words every view uses (run summary, `deptbot status`, its JSON,
 * the status page): saved, already up to date, skipped (with a reason), failed, not reached (the run
 * ended before it came to them: an outage, a stop, a shutoff).
 */
export interface OutcomeCounts {
  saved: number;
  upToDate: number;
  skipped: number;
  failed: number;
  notReached: number;
}

export interface TaskStatus {
  task: string;
  enabled: boolean;
  schedule: string;
  /** The latest finished run that was allowed to write. */
  lastRun: RunRow | null;
  /** How that run's pages ended. */
  counts: OutcomeCounts | null;
  /** The bot's edits in that run. */
  edits: EditRow[];
  /** The latest runs that saved something (RECENT_EDIT_RUNS of them), newest first: what the bot did lately. */
  recentEdits: RunEdits[];
  /** Outcomes of that run that did not save anything: skips, refusals and failures. */
  notSaved: ChangeOutcome[];
  /**
   * Pages the task saved but could not mark for translation, from this run or earlier ones, until a
   * later run marks them (see openRemarkings; the status page also drops those the wiki shows resolved),
   * ordered by title.
   */
  awaitingMarking: ChangeOutcome[];
  notes: string[];
  error: string | null;
  /** The next scheduled run after `after` (see collectTaskStatuses); null when disabled. */
  nextRun: Date | null;
}

/** How many of a task's latest runs with edits the status views list. */
export const RECENT_EDIT_RUNS = 3;

/** How many of a task's latest runs with edits are read back for pages still waiting to be re-marked. */
export const REMARKING_RUNS_READ = 1000;

const OUTCOME_STATUSES = new Set<string>(CHANGE_STATUSES);

function isOutcome(value: unknown): value is ChangeOutcome {
  const o = value as Partial<ChangeOutcome> | null;
  return typeof o?.title === 'string' && typeof o.status === 'string' && OUTCOME_STATUSES.has(o.status);
}

/** The run's details column is free-form JSON: read what the writer put there, defensively. */
export function runDetails(run: RunRow): { outcomes: ChangeOutcome[]; notes: string[]; error: string | null } {
  const { outcomes, notes, error } = run.details as { outcomes?: unknown; notes?: unknown; error?: unknown };
  return {
    outcomes: Array.isArray(outcomes) ? outcomes.filter(isOutcome) : [],
    notes: Array.isArray(notes) ? notes.filter((n): n is string => typeof n === 'string') : [],
    error: typeof error === 'string' ? error : null,
  };
}

/** A page the task saved and did not mark for translation (the writer's skip: no right, never marked, pending changes, stopped). */
export function isAwaitingMarking(outcome: ChangeOutcome): boolean {
  return outcome.kind === MARK_KIND && outcome.status === 'skipped';
}

/**
 * The pages still waiting to be re-marked after `runs` (oldest first): a run's entry for a page stays
 * until a later run marks the page, and a later entry replaces it (its reason is the newest). Ordered
 * by title (in code point order, as the wiki lists titles), so an entry carried forward unchanged
 * leaves the status page as it was.
 */
export function openRemarkings(runs: readonly RunRow[]): ChangeOutcome[] {
  const open = new Map<string, ChangeOutcome>();
  for (const run of runs) {
    for (const outcome of runDetails(run).outcomes) {
      if (isAwaitingMarking(outcome)) open.set(outcome.title, outcome);
      else if (outcome.kind === MARK_KIND && outcome.status === 'marked') open.delete(outcome.title);
    }
  }
  return [...open.values()].sort((a, b) => byCodePoint(a.title, b.title));
}

/**
 * The statuses without the re-marking entries the wiki shows resolved (remarkingResolved): each open
 * page is checked once, and only those. When the wiki cannot be asked the entries stay (we cannot tell).
 */
export async function withoutResolvedMarkings(wiki: WikiReader, statuses: readonly TaskStatus[]): Promise<TaskStatus[]> {
  const titles = [...new Set(statuses.flatMap((status) => status.awaitingMarking.map((o) => o.title)))];
  if (!titles.length) return [...statuses];
  const resolved = await remarkingResolved(wiki, titles).catch(() => new Set<string>());
  return statuses.map((status) => ({ ...status, awaitingMarking: status.awaitingMarking.filter((o) => !resolved.has(o.title)) }));
}

/** A run's counts: saves and failures from the run's own columns, the rest from its recorded outcomes. */
export function runCounts(run: RunRow): OutcomeCounts {
  const { outcomes } = runDetails(run);
  return {
    saved: run.edits,
    upToDate: outcomes.filter((o) => o.status === 'unchanged').length,
    skipped: outcomes.filter((o) => o.status === 'skipped').length,
    failed: run.errors,
    notReached: outcomes.filter((o) => o.status === 'not-reached').length,
  };
}

/**
 * One entry per registered task. `nextAfter` picks the moment next runs are counted from: the
 * status page counts from the last run it shows (so the page does not change merely because time
 * passed), the terminal from now.
 */
export function collectTaskStatuses(
  ledger: Ledger,
  tasks: readonly Task[],
  config: Config,
  nextAfter: (lastRun: RunRow | null) => Date | null,
): TaskStatus[] {
  return tasks.map((task) => {
    const taskConfig = config.tasks[task.name];
    const enabled = taskConfig?.enabled ?? true;
    const schedule = taskConfig?.schedule ?? task.defaultSchedule;
    const lastRun = ledger.lastAppliedRun(task.name) ?? null;
    const details = lastRun ? runDetails(lastRun) : { outcomes: [], notes: [], error: null };
    const from = nextAfter(lastRun);
    return {
      task: task.name,
      enabled,
      schedule,
      lastRun,
      counts: lastRun ? runCounts(lastRun) : null,
      edits: lastRun ? ledger.editsOfRun(lastRun.id, task.name) : [],
      recentEdits: ledger.lastRunsWithEdits(task.name, RECENT_EDIT_RUNS).map((run) => ({ run, edits: ledger.editsOfRun(run.id, task.name) })),
      notSaved: details.outcomes.filter((o) => o.status === 'skipped' || o.status === 'failed' || o.status === 'not-reached'),
      awaitingMarking: openRemarkings(ledger.lastRunsWithEdits(task.name, REMARKING_RUNS_READ).reverse()),
      notes: details.notes,
      error: details.error,
      nextRun: enabled && from ? nextRun(schedule, from) : null,
    };
  });
}
