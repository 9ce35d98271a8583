// Per-page tasks: a task says which pages it covers (`targets`) and what to do with one page as read
// (`treat`); the framework does the rest: the `--page` filter, the parts of `ctx.pagesPerPart`
// pages, one batched read per part (in a dry run, the next part's read while this one is treated),
// and work that needs no page text done while the part is read.
// A task that needs its pages read another way (redirects followed, other pages with them, no text
// at all) says how (`read`); one that concludes from what all its pages showed (a report page) does
// so once every part is treated (`afterAll`). The writer's safety rules apply to every action, as for
// any task.
import type { LedgerRecord } from '../ledger/records';
import type { PageState } from '../wiki/client';
import { mapInSlices, sliceClock } from './in-slices';
import { partsOf, type Action, type SkipAction, type Task, type TaskContext, type TaskPlan } from './task';
import { sameTitle } from './title';

/** One page a task covers; a task may add what it needs to treat it. */
export interface PageTarget {
  title: string;
}

/** The pages a task covers, and what it found while looking for them (these come with the first part). */
export interface Targets<T extends PageTarget> {
  targets: T[];
  /** Pages decided on before any is read: left alone, each with its reason. */
  skips?: readonly SkipAction[];
  /**
   * Pages the task writes in `afterAll` from what all its targets showed (a report page): `--page`
   * naming one of them treats every target, as the page's content depends on them all.
   */
  reportPages?: readonly string[];
  records?: readonly LedgerRecord[];
  notes?: readonly string[];
}

/** What one page needs: an action (none when the page is as it should be), records, notes, and what `afterAll` needs of it. */
export interface Treatment<G = never> {
  action?: Action;
  records?: readonly LedgerRecord[];
  notes?: readonly string[];
  /** What the page showed that the conclusion needs (a line of a report, a reminder that may go out). */
  gathered?: G;
  /** Pages as read for this target that `afterAll` may act on: kept read until then (a talk page a reminder may go to). */
  keepRead?: readonly string[];
}

/** What the pages add up to once all are treated; it comes with the last part. */
export interface Conclusion {
  actions?: readonly Action[];
  records?: readonly LedgerRecord[];
  notes?: readonly string[];
}

/**
 * A task made of targets and a treatment. P is what `read` gives for one page (its PageState unless
 * the task reads its own way), W what `beforeReading` works out, G what `treat` gathers for
 * `afterAll`, F what `targets` found (a task may add what every page needs: the hooks after it get it).
 */
export interface PerPageTask<S, T extends PageTarget, P = PageState, W = undefined, G = never, F extends Targets<T> = Targets<T>>
  extends Omit<Task<S>, 'plan'> {
  targets(ctx: TaskContext<S>): Promise<F>;
  /** Reads one part's pages, keyed by target title; without it, their latest revisions in one batched read. */
  read?(part: readonly T[], ctx: TaskContext<S>, found: F): Promise<ReadonlyMap<string, P>>;
  /** Work on a target that needs no page text: done in slices while its part's pages are read. */
  beforeReading?(target: T, ctx: TaskContext<S>): W;
  /** One page as read (undefined when the wiki did not return it), with what beforeReading gave. */
  treat(page: P | undefined, target: T, ctx: TaskContext<S>, work: W, found: F): Treatment<G> | Promise<Treatment<G>>;
  /** Once every target is treated: what they gathered, in target order, adds up to this. */
  afterAll?(gathered: G[], ctx: TaskContext<S>, found: F): Conclusion | Promise<Conclusion>;
}

/** One run of a per-page task: its context and what its targets found. */
interface PerPageRun<S, T extends PageTarget, F extends Targets<T>> {
  ctx: TaskContext<S>;
  found: F;
}

function readPart<S, T extends PageTarget, P, W, G, F extends Targets<T>>(
  task: PerPageTask<S, T, P, W, G, F>,
  { ctx, found }: PerPageRun<S, T, F>,
  part: readonly T[],
): Promise<ReadonlyMap<string, P>> {
  if (task.read) return task.read(part, ctx, found);
  // A task that does not read its own way treats PageStates (P's default).
  return ctx.wiki.readPages(part.map((t) => t.title)) as Promise<ReadonlyMap<string, unknown>> as Promise<ReadonlyMap<string, P>>;
}

/** A part's pages as read, and the work on each target that needs no page text. */
type PartRead<P, W> = [ReadonlyMap<string, P>, W[]];

/** Reads a part; the work that needs no page text is done while the pages are being read. */
function readWithWork<S, T extends PageTarget, P, W, G, F extends Targets<T>>(
  task: PerPageTask<S, T, P, W, G, F>,
  run: PerPageRun<S, T, F>,
  part: readonly T[],
): Promise<PartRead<P, W>> {
  const before = task.beforeReading;
  return Promise.all([
    readPart(task, run, part),
    before ? mapInSlices(part, (target) => before(target, run.ctx)) : Promise.resolve(part.map(() => undefined as W)),
  ]);
}

/**
 * A dry run reads the next part while this one is treated (nothing is saved in between, so nothing
 * read goes stale); a run that saves reads it once this part is saved. A failed read fails the run
 * when its part is reached, as it would have unread-ahead.
 */
function readNextPart<S, T extends PageTarget, P, W, G, F extends Targets<T>>(
  task: PerPageTask<S, T, P, W, G, F>,
  run: PerPageRun<S, T, F>,
  next: readonly T[] | undefined,
): Promise<PartRead<P, W>> | undefined {
  if (!run.ctx.readsAhead || next === undefined) return undefined;
  const reading = readWithWork(task, run, next);
  reading.catch(() => undefined);
  return reading;
}

async function treatPart<S, T extends PageTarget, P, W, G, F extends Targets<T>>(
  task: PerPageTask<S, T, P, W, G, F>,
  run: PerPageRun<S, T, F>,
  part: readonly T[],
  [pages, work]: PartRead<P, W>,
  gathered: G[],
): Promise<Required<TaskPlan>> {
  const { ctx, found } = run;
  const plan: Required<TaskPlan> = { actions: [], records: [], notes: [], keepRead: [] };
  // In slices, so that the next part's read, when it is under way, is sent and taken meanwhile.
  const sliceEnds = sliceClock();
  for (const [index, target] of part.entries()) {
    await sliceEnds();
    const treatment = await task.treat(pages.get(target.title), target, ctx, work[index], found);
    plan.notes.push(...(treatment.notes ?? []));
    plan.records.push(...(treatment.records ?? []));
    plan.keepRead.push(...(treatment.keepRead ?? []));
    if (treatment.action) plan.actions.push(treatment.action);
    if ('gathered' in treatment) gathered.push(treatment.gathered as G);
  }
  return plan;
}

/** `--page`: the targets of that page; every target when it is a report page; none when the task does not cover it. */
function targetsOfPage<T extends PageTarget>(found: Targets<T>, page: string | undefined): T[] {
  if (page === undefined || found.reportPages?.some((title) => sameTitle(title, page))) return found.targets;
  return found.targets.filter((t) => sameTitle(t.title, page));
}

/** The pieces as one part, in order. */
function joined(...pieces: Array<Conclusion & Pick<TaskPlan, 'keepRead'>>): Required<TaskPlan> {
  return {
    actions: pieces.flatMap((p) => p.actions ?? []),
    records: pieces.flatMap((p) => p.records ?? []),
    notes: pieces.flatMap((p) => p.notes ?? []),
    keepRead: pieces.flatMap((p) => p.keepRead ?? []),
  };
}

/** The plan of a per-page task, in parts: what `targets` found comes with the first, the conclusion with the last. */
async function* perPagePlan<S, T extends PageTarget, P, W, G, F extends Targets<T>>(task: PerPageTask<S, T, P, W, G, F>, ctx: TaskContext<S>): AsyncGenerator<TaskPlan> {
  const found = await task.targets(ctx);
  const run = { ctx, found };
  const parts = partsOf(targetsOfPage(found, ctx.onlyPage), ctx.pagesPerPart);
  const gathered: G[] = [];
  let readAhead: Promise<PartRead<P, W>> | undefined;
  for (const [index, part] of parts.entries()) {
    const read = await (readAhead ?? readWithWork(task, run, part));
    readAhead = readNextPart(task, run, parts[index + 1]);
    let plan = await treatPart(task, run, part, read, gathered);
    if (index === 0) plan = joined({ actions: found.skips, records: found.records, notes: found.notes }, plan);
    if (index === parts.length - 1 && task.afterAll) plan = joined(plan, await task.afterAll(gathered, ctx, found));
    yield plan;
  }
}

/** A task made from `targets` and `treat`. */
export function perPageTask<S, T extends PageTarget, P = PageState, W = undefined, G = never, F extends Targets<T> = Targets<T>>(
  task: PerPageTask<S, T, P, W, G, F>,
): Task<S> {
  return { ...task, plan: (ctx) => perPagePlan(task, ctx) };
}
