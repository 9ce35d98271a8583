// Per-page tasks: a task says which pages it covers (`targets`) and what to do with one page as read
// (`treat`); the framework does the rest: the `--page` filter, the parts of `ctx.pagesPerPart`
// pages, one batched read per part, and work that needs no page text done while the part is read.
// The writer's safety rules apply to every action, as for any task.
import type { LedgerRecord } from '../ledger/records';
import type { PageState } from '../wiki/client';
import { mapInSlices } from './in-slices';
import { partsOf, type Action, type Task, type TaskContext, type TaskPlan } from './task';
import { sameTitle } from './title';

/** One page a task covers; a task may add what it needs to treat it. */
export interface PageTarget {
  title: string;
}

/** The pages a task covers, and what it found while looking for them (these come with the first part). */
export interface Targets<T extends PageTarget> {
  targets: T[];
  records?: readonly LedgerRecord[];
  notes?: readonly string[];
}

/** What one page needs: an action (none when the page is as it should be), records, notes. */
export interface Treatment {
  action?: Action;
  records?: readonly LedgerRecord[];
  notes?: readonly string[];
}

export interface PerPageTask<S, T extends PageTarget, W = undefined> extends Omit<Task<S>, 'plan'> {
  targets(ctx: TaskContext<S>): Promise<Targets<T>>;
  /** Work on a target that needs no page text: done in slices while its part's pages are read. */
  beforeReading?(target: T, ctx: TaskContext<S>): W;
  /** One page as read (undefined when the wiki did not return it), with what beforeReading gave. */
  treat(page: PageState | undefined, target: T, ctx: TaskContext<S>, work: W): Treatment;
}

async function treatPart<S, T extends PageTarget, W>(task: PerPageTask<S, T, W>, ctx: TaskContext<S>, part: readonly T[]): Promise<Required<TaskPlan>> {
  const before = task.beforeReading;
  // The work that needs no page text is done while the pages are being read.
  const [pages, work] = await Promise.all([
    ctx.wiki.readPages(part.map((t) => t.title)),
    before ? mapInSlices(part, (target) => before(target, ctx)) : Promise.resolve(part.map(() => undefined as W)),
  ]);
  const plan: Required<TaskPlan> = { actions: [], records: [], notes: [] };
  for (const [index, target] of part.entries()) {
    const treatment = task.treat(pages.get(target.title), target, ctx, work[index]);
    plan.notes.push(...(treatment.notes ?? []));
    plan.records.push(...(treatment.records ?? []));
    if (treatment.action) plan.actions.push(treatment.action);
  }
  return plan;
}

/** The plan of a per-page task, in parts; what `targets` found comes with the first part. */
async function* perPagePlan<S, T extends PageTarget, W>(task: PerPageTask<S, T, W>, ctx: TaskContext<S>): AsyncGenerator<TaskPlan> {
  const found = await task.targets(ctx);
  const only = ctx.onlyPage;
  const targets = only === undefined ? found.targets : found.targets.filter((t) => sameTitle(t.title, only));
  for (const [index, part] of partsOf(targets, ctx.pagesPerPart).entries()) {
    const plan = await treatPart(task, ctx, part);
    if (index > 0) yield plan;
    else yield { actions: plan.actions, records: [...(found.records ?? []), ...plan.records], notes: [...(found.notes ?? []), ...plan.notes] };
  }
}

/** A task made from `targets` and `treat`. */
export function perPageTask<S, T extends PageTarget, W = undefined>(task: PerPageTask<S, T, W>): Task<S> {
  return { ...task, plan: (ctx) => perPagePlan(task, ctx) };
}
