// The body of the on-wiki status page (User:DeptBot/Status): per task the last run, its result,
// edits, pages not saved with reasons, errors and the next run. Pure: data in, wikitext out.
import type { ChangeOutcome } from '../core/planned-change';
import type { TaskStatus } from './task-status';
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

function summaryRow(status: TaskStatus, docsPage: string): string {
  const name = `[[${docsPage}#${status.task}|${status.task}]]`;
  const next = status.enabled ? (status.nextRun ? formatUtc(status.nextRun) : '—') : 'disabled';
  const run = status.lastRun;
  if (!run) return `| ${name} || never run || — || — || — || — || ${next}`;
  const last = `${formatUtc(run.startedAt)} (${run.trigger})`;
  return `| ${name} || ${last} || ${run.result ?? 'unfinished'} || ${run.edits} || ${run.skipped} || ${run.errors} || ${next}`;
}

function taskSection(status: TaskStatus, limit: number): string[] {
  if (!status.lastRun) return [];
  const lines = [`=== ${status.task} ===`];
  const failed = status.notSaved.filter((o) => o.status === 'failed');
  const skipped = status.notSaved.filter((o) => o.status === 'skipped');
  const notReached = status.notSaved.filter((o) => o.status === 'not-reached');
  if (status.error) lines.push(`'''Run error:''' ${escapeWikitext(status.error)}`);
  lines.push(status.edits.length ? "'''Edits:'''" : "'''Edits:''' none.");
  lines.push(
    ...capped(status.edits, limit, (edit) =>
      edit.newRevId === null
        ? `* [[:${edit.page}]] (${edit.kind})`
        : `* [[:${edit.page}]] ([[Special:Diff/${edit.newRevId}|${edit.kind === 'new-section' ? 'new section' : 'diff'}]])`,
    ),
  );
  if (failed.length) lines.push("'''Errors:'''", ...capped(failed, limit, outcomeLine));
  if (skipped.length) lines.push("'''Skipped:'''", ...capped(skipped, limit, outcomeLine));
  if (notReached.length) lines.push("'''Not reached:'''", ...capped(notReached, limit, outcomeLine));
  if (status.notes.length) lines.push("'''Notes:'''", ...capped(status.notes, limit, (note) => `* ${escapeWikitext(note)}`));
  return lines;
}

export function renderStatusBody(statuses: readonly TaskStatus[], options: StatusPageOptions): string {
  const limit = options.listLimit ?? DEFAULT_LIST_LIMIT;
  const lines = [
    'What each of the bot\'s tasks did in its last run. Times are UTC. The bot rewrites this section after a run',
    'only when something other than a time would change (result, counts, edits, pages skipped, errors or notes),',
    'so the times shown are those of the last run that changed any of these.',
    '',
  ];
  if (!statuses.length) {
    lines.push("''No tasks are registered.''");
    return lines.join('\n');
  }
  lines.push(
    '{| class="wikitable sortable"',
    '! Task !! Last run !! Result !! Edits !! Unchanged or skipped !! Errors !! Next run',
    ...statuses.flatMap((status) => ['|-', summaryRow(status, options.docsPage)]),
    '|}',
  );
  for (const status of statuses) {
    const section = taskSection(status, limit);
    if (section.length) lines.push('', ...section);
  }
  return lines.join('\n');
}
