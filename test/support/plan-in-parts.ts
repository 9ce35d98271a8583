// For tests of a task's plan in parts (Task.plan): which pages each part read, and what a plan does
// to the pages. Used by the historical-banner and office-hours plan tests.
import type { TaskPlan } from '../../src/core/task';
import type { PageState, WikiReader } from '../../src/wiki/client';
import { collectPlan } from './collect-plan';

export interface PartAndReads {
  part: TaskPlan;
  /** The titles read while the part was made: what the run's reader remembers for it. */
  read: ReadonlySet<string>;
}

/** Takes the plan part by part; `reads` gives the titles of every readPages call made so far, in order. */
export async function planPartByPart(plan: AsyncIterable<TaskPlan>, reads: () => ReadonlyArray<readonly string[]>): Promise<PartAndReads[]> {
  const parts: PartAndReads[] = [];
  let seen = 0;
  for await (const part of plan) {
    const made = reads();
    parts.push({ part, read: new Set(made.slice(seen).flat()) });
    seen = made.length;
  }
  return parts;
}

/** The parts merged in order, as collectPlan merges a plan's parts. */
export function mergeParts(parts: readonly PartAndReads[]) {
  return collectPlan((async function* () {
    yield* parts.map((p) => p.part);
  })());
}

/** The part's edits of pages it did not read: the framework would read them again. */
export function editsNotRead({ part, read }: PartAndReads): string[] {
  return part.actions.flatMap((a) => (a.kind === 'edit' && !read.has(a.title) ? [a.title] : []));
}

/** What a plan does, with each edit's transform run on the page's current text. */
export async function effectOf(wiki: WikiReader, plan: TaskPlan) {
  const pages = await wiki.readPages(plan.actions.map((a) => a.title));
  return {
    actions: plan.actions.map((action) => {
      if (action.kind !== 'edit') return action;
      const page = pages.get(action.title) as PageState;
      return { kind: action.kind, title: action.title, summary: action.summary, regions: action.regions, result: action.transform(page.text ?? '', page) };
    }),
    records: plan.records,
    notes: plan.notes,
  };
}
