// Keeps the bot's own pages current after runs that may write: the status page and the Tasks page.
// Both are ordinary edits through the one writer (allowlist, exclusion, shutoff, managed region,
// no-op check), as the internal task "status" through the one run loop; nothing is saved when nothing but times would change.
import { z } from 'zod';
import { findRegion, renderRegion, replaceRegionBody } from '../core/managed-region';
import type { ChangeOutcome } from '../core/planned-change';
import { runWhenChanged, type RunDeps } from '../core/run-loop';
import { taskSource } from '../core/run-task';
import { sleep } from '../core/sleep';
import type { EditAction, Task, Transform } from '../core/task';
import type { RunTrigger } from '../ledger/ledger';
import { renderStatusBody } from './render-status-page';
import { STATUS_TASK, renderTasksBody } from './render-tasks-page';
import { collectTaskStatuses, withoutResolvedMarkings, type TaskStatus } from './task-status';
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

type StatusPageDeps = Pick<StatusPublishDeps, 'ledger' | 'tasks' | 'config'>;

/** What the status page shows, from the ledger alone; next runs are counted from the last run shown. */
function ledgerStatuses(deps: StatusPageDeps): TaskStatus[] {
  return collectTaskStatuses(deps.ledger, deps.tasks, deps.config, (lastRun) => (lastRun ? new Date(lastRun.startedAt) : null));
}

/**
 * The Tasks page first: the status page links each task's section there, and a page saved before the
 * page it links exists shows those links red until the wiki re-renders it.
 */
export function statusPageActions(deps: StatusPageDeps, statuses: readonly TaskStatus[] = ledgerStatuses(deps)): EditAction[] {
  const { config } = deps;
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

/**
 * The status pages as an ordinary internal task: not in the registry and never scheduled, it runs
 * after runs that may write (see publishStatusPages).
 */
export function statusTask(deps: StatusPageDeps): Task<undefined> {
  const { config } = deps;
  return {
    name: STATUS_TASK,
    description: 'Keeps the bot\'s status page and this Tasks page current.',
    edits: `${config.bot.statusPage} and ${config.bot.docsPage}, inside their managed regions.`,
    defaultSchedule: 'after every run that may write',
    settingsSchema: z.undefined(),
    async *plan(ctx) {
      yield { actions: statusPageActions(deps, await withoutResolvedMarkings(ctx.wiki, ledgerStatuses(deps))) };
    },
  };
}

/**
 * Updates the status and Tasks pages. `afterSave` says the caller has just saved an edit, so the
 * write throttle applies before this one too. A ledger run (task "status") is recorded only when
 * something is to be saved, so runs that change nothing leave no trace here either.
 */
export async function publishStatusPages(
  deps: StatusPublishDeps,
  trigger: RunTrigger,
  afterSave: boolean,
): Promise<StatusPublishReport> {
  if (deps.shouldStop?.()) return { runId: null, outcomes: [] };
  const source = taskSource(deps, { task: statusTask(deps), trigger, dryRun: false });
  const throttle = () => sleep(afterSave ? deps.config.safety.throttleSeconds * 1000 : 0);
  const { runId, outcomes } = await runWhenChanged(deps, source, throttle);
  return { runId, outcomes };
}
