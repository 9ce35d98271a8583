// What the status views (the on-wiki status page and `deptbot status`) know about each task,
// gathered from the ledger, the config and the registry.
import type { Config } from '../config/schema';
import { CHANGE_STATUSES, type ChangeOutcome } from '../core/planned-change';
import { nextRun } from '../core/schedule';
import type { Task } from '../core/task';
import type { Ledger, RunRow } from '../ledger/ledger';
import type { EditRow } from '../ledger/records';

export interface TaskStatus {
  task: string;
  enabled: boolean;
  schedule: string;
  /** The latest finished run that was allowed to write. */
  lastRun: RunRow | null;
  /** The bot's edits in that run. */
  edits: EditRow[];
  /** Outcomes of that run that did not save anything: skips, refusals and failures. */
  notSaved: ChangeOutcome[];
  notes: string[];
  error: string | null;
  /** The next scheduled run after `after` (see collectTaskStatuses); null when disabled. */
  nextRun: Date | null;
}

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
      edits: lastRun ? ledger.editsOfRun(lastRun.id, task.name) : [],
      notSaved: details.outcomes.filter((o) => o.status === 'skipped' || o.status === 'failed' || o.status === 'not-reached'),
      notes: details.notes,
      error: details.error,
      nextRun: enabled && from ? nextRun(schedule, from) : null,
    };
  });
}
