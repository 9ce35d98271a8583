// A task's plan as the source of a run: each part the task yields is limited to `--page`, prepared
// from the pages the task read for it (no page is read twice) and handed to the run loop, which
// prints or saves it before the next part is asked for; the reader then forgets those pages (but the
// ones the part says a later part acts on), and the wikitext model what it read from them.
// `--page` is applied here, once, for every task (a per-page task also reads only that page).
import type { RunTrigger } from '../ledger/ledger';
import type { LedgerRecord } from '../ledger/records';
import { recordPageOf } from '../ledger/task-ledger';
import { rememberingReader } from '../wiki/remembering-reader';
import { forgetReadings } from '../wikitext/parse';
import { prepareActions } from './prepare-changes';
import { runLoop, type RunDeps, type RunScope, type RunSource, type SourcePart, type TaskRunReport } from './run-loop';
import { PAGES_PER_PART, type Action, type Task, type TaskPlan } from './task';
import { sameTitle } from './title';

export interface RunRequest {
  task: Task;
  trigger: RunTrigger;
  dryRun: boolean;
  /** Limit the run to one page (`--page`). */
  onlyPage?: string;
}

/** `--page`: keep only what concerns that page. */
function limitToPage(task: Task, plan: TaskPlan, page: string | undefined): TaskPlan {
  if (!page) return plan;
  const keepRecord = (r: LedgerRecord) => {
    const about = recordPageOf(task.ledger, r);
    return about === undefined || sameTitle(about, page);
  };
  return {
    actions: plan.actions.filter((a: Action) => sameTitle(a.title, page)),
    records: (plan.records ?? []).filter(keepRecord),
    notes: plan.notes,
    keepRead: plan.keepRead,
  };
}

async function* taskParts(deps: RunDeps, request: RunRequest, scope: RunScope): AsyncGenerator<SourcePart> {
  const { wiki, ledger, config } = deps;
  const { task } = request;
  const reader = rememberingReader(wiki, { readsAhead: request.dryRun });
  const parts = task.plan({
    now: scope.startedAt,
    // An internal task (the status pages) has no configuration.
    settings: config.tasks[task.name]?.settings,
    wiki: reader,
    ledger,
    log: scope.log,
    taskName: task.name,
    botName: wiki.userName,
    onlyPage: request.onlyPage,
    pagesPerPart: deps.pagesPerPart ?? PAGES_PER_PART,
    readsAhead: request.dryRun,
  });
  let covered = false;
  for await (const part of parts) {
    const plan = limitToPage(task, part, request.onlyPage);
    covered ||= plan.actions.length > 0;
    const prepared = await prepareActions(reader, ledger, plan.actions, scope.rules, config.safety.recentRevisionsChecked);
    reader.forget(plan.keepRead);
    forgetReadings();
    yield { ...prepared, notes: plan.notes, records: plan.records };
  }
  if (request.onlyPage !== undefined && !covered) yield notCovered(task.name, request.onlyPage);
}

/** `--page` named a page the task has nothing for: say so, rather than report an empty run. */
function notCovered(task: string, page: string): SourcePart {
  const note = `--page "${page}": ${task} has nothing for this page; it is not among the pages the task covers now`;
  return { ready: [], settled: [], recovered: [], notes: [note] };
}

/** A task's plan as the source of a run. */
export function taskSource(deps: RunDeps, request: RunRequest): RunSource {
  return {
    task: request.task.name,
    trigger: request.trigger,
    dryRun: request.dryRun,
    about: { page: request.onlyPage },
    parts: (scope) => taskParts(deps, request, scope),
  };
}

/** One run of one task: plan, then print (dry-run) or save, part by part. */
export function runTask(deps: RunDeps, request: RunRequest): Promise<TaskRunReport> {
  return runLoop(deps, taskSource(deps, request));
}
