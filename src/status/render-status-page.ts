// The body of the on-wiki status page (User:DeptBot/Status): per task the last run and its result,
// the edits of its latest runs that saved something (with diff links), what waits for a person
// (pages skipped with the reason, notes, errors) and the next run. Pure: data in, wikitext out.
// A run that changes nothing leaves the body as it was but for times, so it causes no edit.
import type { ChangeOutcome } from '../core/planned-change';
import type { RunRow } from '../ledger/ledger';
import type { EditRow } from '../ledger/records';
import { isAwaitingMarking, type RunEdits, type TaskStatus } from './task-status';
import { escapeWikitext, formatUtc } from './wikitext-text';

export interface StatusPageOptions {
  /** The Tasks page: each task name links its section. */
  docsPage: string;
  /** Longest list shown per task and kind; the rest is counted. */
  listLimit?: number;
}

const DEFAULT_LIST_LIMIT = 20;

function capped<T>(items: readonly T[], limit: number, line: (item: T) => string): string[] {
  const shown = items.slice(0, limit).map(line);
  if (items.length > limit) shown.push(`* … and ${items.length - limit} more (run <code>deptbot status</code> on the bot's host)`);
  return shown;
}

function outcomeLine(outcome: ChangeOutcome): string {
  return `* [[:${outcome.title}]]: ${escapeWikitext(outcome.reason ?? outcome.status)}`;
}

const STALE_PLAN = /(changed|was created|was deleted) since the plan was made.*re-plan it$/;

/** A run's result as an editor reads it: an `apply` whose only failures are pages changed since the plan is a refused plan, not a failed task. */
export function describeResult(run: RunRow, notSaved: readonly ChangeOutcome[], error: string | null): string {
  const failed = notSaved.filter((o) => o.status === 'failed');
  const refusedPlan = run.trigger === 'apply' && !error && failed.length > 0 && failed.every((o) => STALE_PLAN.test(o.reason ?? ''));
  if (refusedPlan) return `plan refused: ${failed.length} page(s) changed since it was made; re-plan`;
  const result = run.result ?? 'unfinished';
  const { notReached } = run.details as { notReached?: unknown };
  return typeof notReached === 'number' && notReached > 0 ? `${result}, ${notReached} not reached` : result;
}

function summaryRow(status: TaskStatus, docsPage: string): string {
  const name = `[[${docsPage}#${status.task}|${status.task}]]`;
  const next = status.enabled ? (status.nextRun ? formatUtc(status.nextRun) : '—') : 'disabled';
  const run = status.lastRun;
  if (!run) return `| ${name} || never run || — || ${next}`;
  return `| ${name} || ${formatUtc(run.startedAt)} (${run.trigger}) || ${describeResult(run, status.notSaved, status.error)} || ${next}`;
}

function editLine(edit: EditRow): string {
  if (edit.newRevId === null) return `** [[:${edit.page}]] (${edit.kind})`;
  return `** [[:${edit.page}]] ([[Special:Diff/${edit.newRevId}|${edit.kind === 'new-section' ? 'new section' : 'diff'}]])`;
}

function recentEditLines({ run, edits }: RunEdits, limit: number): string[] {
  const saved = `${run.edits} page${run.edits === 1 ? '' : 's'} saved`;
  return [`* ${formatUtc(run.startedAt)} (${run.trigger}): ${saved}`, ...capped(edits, limit, editLine).map((line) => line.replace(/^\* …/, '** …'))];
}

/** Notes that do not merely repeat the reason given for a page skipped (a task may say both). */
function distinctNotes(status: TaskStatus): string[] {
  const reasons = new Set([...status.notSaved, ...status.awaitingMarking].map((o) => o.reason));
  return status.notes.filter((note, index) => !reasons.has(note) && status.notes.indexOf(note) === index);
}

/** One block: a bold label on its own paragraph, then its list (blank lines keep blocks apart when rendered). */
function block(label: string, lines: readonly string[], empty: string): string[] {
  return lines.length ? ['', `'''${label}'''`, ...lines] : ['', `'''${label}''' ${empty}`];
}

function taskSection(status: TaskStatus, limit: number): string[] {
  const failed = status.notSaved.filter((o) => o.status === 'failed');
  // Pages to re-mark come from awaitingMarking, which keeps them until they are marked.
  const skipped = [...status.notSaved.filter((o) => o.status === 'skipped' && !isAwaitingMarking(o)), ...status.awaitingMarking];
  const waiting = [...capped(skipped, limit, outcomeLine), ...capped(distinctNotes(status), limit, (note) => `* ${escapeWikitext(note)}`)];
  const errors = [...(status.error ? [`* ${escapeWikitext(status.error)}`] : []), ...capped(failed, limit, outcomeLine)];
  const notReached = status.notSaved.filter((o) => o.status === 'not-reached');
  return [
    `=== ${status.task} ===`,
    ...block('Recent edits', status.recentEdits.flatMap((run) => recentEditLines(run, limit)), 'none recorded.'),
    ...block('Waiting for a person', waiting, 'nothing.'),
    ...(errors.length ? block('Errors in the last run', errors, '') : []),
    ...(notReached.length ? block('Not reached in the last run', capped(notReached, limit, outcomeLine), '') : []),
  ];
}

export function renderStatusBody(statuses: readonly TaskStatus[], options: StatusPageOptions): string {
  const limit = options.listLimit ?? DEFAULT_LIST_LIMIT;
  const lines = [
    "What the bot's tasks did lately and what waits for a person. Times are UTC. The bot rewrites this",
    'section after a run only when something other than a time would change, so a run that changed nothing',
    'leaves it as it was: "Last run" then shows the last run that changed something here.',
    '',
  ];
  if (!statuses.length) {
    lines.push("''No tasks are registered.''");
    return lines.join('\n');
  }
  lines.push(
    '{| class="wikitable"',
    '! Task !! Last run !! Result !! Next run',
    ...statuses.flatMap((status) => ['|-', summaryRow(status, options.docsPage)]),
    '|}',
  );
  for (const status of statuses) {
    if (status.lastRun) lines.push('', ...taskSection(status, limit));
  }
  return lines.join('\n');
}
