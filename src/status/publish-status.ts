// Keeps the bot's own pages current after runs that may write: the status page and the Tasks page.
// Both are ordinary edits through the one writer (allowlist, exclusion, shutoff, managed region,
// no-op check), under the pseudo-task "status"; nothing is saved when nothing but times would change.
import { applyChanges, preparePlan } from '../core/apply-plan';
import { findRegion, renderRegion, replaceRegionBody } from '../core/managed-region';
import type { ChangeOutcome } from '../core/planned-change';
import { changeRules, closeRun, openRun, writerOptions, type RunDeps } from '../core/run-task';
import type { EditAction, Task, Transform } from '../core/task';
import type { RunTrigger } from '../ledger/ledger';
import { renderStatusBody } from './render-status-page';
import { STATUS_TASK, renderTasksBody } from './render-tasks-page';
import { collectTaskStatuses } from './task-status';
import { sameIgnoringTimes } from './wikitext-text';

export const STATUS_REGION = 'status';
export const TASKS_REGION = 'tasks';

export interface StatusPublishDeps extends Omit<RunDeps, 'onProgress'> {
  tasks: readonly Task[];
}

export interface StatusPublishReport {
  /** The ledger run that saved the pages; null when there was nothing to save. */
  runId: number | null;
  outcomes: ChangeOutcome[];
}

/**
 * Fills the named region with `body` (adding the region at the end of the page when it is missing).
 * With `ignoreTimes`, a region that differs only in its times is left alone: no timestamp-only edits.
 */
export function regionTransform(name: string, body: string, ignoreTimes: boolean): Transform {
  return (text) => {
    const region = findRegion(text, name);
    if (region.kind === 'absent') {
      const before = text.replace(/\s+$/, '');
      return { text: `${before}${before ? '\n\n' : ''}${renderRegion(name, body)}\n` };
    }
    if (region.kind === 'found' && ignoreTimes) {
      const current = text.slice(region.bodyStart, region.bodyEnd).trim();
      if (sameIgnoringTimes(current, body.trim())) return { text };
    }
    return replaceRegionBody(text, name, body);
  };
}

/**
 * The Tasks page first: the status page links each task's section there, and a page saved before the
 * page it links exists shows those links red until the wiki re-renders it.
 */
export function statusPageActions(deps: Pick<StatusPublishDeps, 'ledger' | 'tasks' | 'config'>): EditAction[] {
  const { config } = deps;
  const statuses = collectTaskStatuses(deps.ledger, deps.tasks, config, (lastRun) => (lastRun ? new Date(lastRun.startedAt) : null));
  return [
    {
      kind: 'edit',
      title: config.bot.docsPage,
      summary: 'Regenerating the task documentation from the task registry and configuration',
      regions: [TASKS_REGION],
      createIfMissing: true,
      transform: regionTransform(TASKS_REGION, renderTasksBody(deps.tasks, config), false),
    },
    {
      kind: 'edit',
      title: config.bot.statusPage,
      summary: 'Updating the status of the bot\'s tasks after a run',
      regions: [STATUS_REGION],
      createIfMissing: true,
      transform: regionTransform(STATUS_REGION, renderStatusBody(statuses, { docsPage: config.bot.docsPage }), true),
    },
  ];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Updates the status and Tasks pages. `afterSave` says the caller has just saved an edit, so the
 * write throttle applies before this one too. A ledger run (task "status") is recorded only when
 * something is saved, so runs that change nothing leave no trace here either.
 */
export async function publishStatusPages(
  deps: StatusPublishDeps,
  trigger: RunTrigger,
  afterSave: boolean,
): Promise<StatusPublishReport> {
  const { wiki, ledger, config } = deps;
  if (deps.shouldStop?.()) return { runId: null, outcomes: [] };
  const rules = changeRules(config, STATUS_TASK, wiki.userName);
  const prepared = await preparePlan(wiki, ledger, statusPageActions(deps), rules, config.safety.recentRevisionsChecked);
  const ready = prepared.items.flatMap((item) => ('prepared' in item ? [item.prepared] : []));
  const settled = prepared.items.flatMap((item) => ('outcome' in item ? [item.outcome] : []));
  if (!ready.length) return { runId: null, outcomes: settled };
  if (afterSave) await sleep(config.safety.throttleSeconds * 1000);
  const run = openRun(deps, STATUS_TASK, trigger, false);
  const applied = await applyChanges(wiki, ledger, [ready], writerOptions(deps, rules, run.runId, run.log));
  const outcomes = [...applied.outcomes, ...settled];
  const result = applied.shutoff ? 'shutoff' : outcomes.some((o) => o.status === 'failed') ? 'failed' : 'ok';
  closeRun(deps, run, { task: STATUS_TASK, dryRun: false, result, outcomes, notes: [], records: [] });
  return { runId: run.runId, outcomes };
}
