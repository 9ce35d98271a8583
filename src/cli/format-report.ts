// What `plan`, `run` and `apply` print on stdout: diffs and summaries for a plan, outcomes with diff
// links for a run. Plain text; colour only when stdout is a terminal.
import pc from 'picocolors';
import { isSaved, type ChangeOutcome, type PlannedChange } from '../core/planned-change';
import { renderDiff } from '../core/render-diff';
import { endedInFailure, type TaskRunReport } from '../core/run-loop';

/** A link to the diff of an edit on the wiki (or to the new page, when it was created). */
export function diffUrl(apiUrl: string, oldRevId: number | null | undefined, newRevId: number | null | undefined): string | null {
  if (newRevId === null || newRevId === undefined) return null;
  const index = apiUrl.replace(/api\.php$/, 'index.php');
  return oldRevId ? `${index}?diff=${newRevId}&oldid=${oldRevId}` : `${index}?oldid=${newRevId}`;
}

function count(outcomes: readonly ChangeOutcome[], ...statuses: ChangeOutcome['status'][]): number {
  return outcomes.filter((o) => statuses.includes(o.status)).length;
}

function notesAndError(report: TaskRunReport): string[] {
  return [
    ...(report.error ? [`  error: ${report.error}`] : []),
    ...report.notes.map((note) => `  note: ${note}`),
  ];
}

/** The first line of a task's plan, printed before its dry-run starts (the closing count line names the ledger run). */
export function formatPlanHeader(task: string, color: boolean): string {
  return pc.createColors(color).bold(`== ${task}: plan (dry run, nothing written) ==`);
}

/** One part's planned changes: each one's diff and summary, after a blank line. */
export function formatPlannedChanges(changes: readonly PlannedChange[], color: boolean): string {
  const c = pc.createColors(color);
  const lines: string[] = [];
  for (const change of changes) {
    lines.push('', renderDiff(change, color).trimEnd());
    if (change.kind === 'new-section') lines.push(`new section: "${change.sectionTitle ?? ''}"`);
    lines.push(`${c.bold('summary:')} ${change.summary}`);
  }
  return lines.join('\n');
}

/** What follows a task's planned changes: pages not planned, notes, the error, and the counts with the ledger run. */
export function formatPlanFooter(report: TaskRunReport, color: boolean): string {
  const c = pc.createColors(color);
  const lines: string[] = [];
  const notPlanned = report.outcomes.filter((o) => o.status === 'skipped' || o.status === 'failed');
  if (notPlanned.length) lines.push('');
  for (const o of notPlanned) lines.push(`  ${o.status === 'failed' ? c.red('failed') : 'skipped'} "${o.title}": ${o.reason ?? ''}`);
  lines.push(...notesAndError(report));
  lines.push(
    '',
    `${report.task}: ${count(report.outcomes, 'planned')} change(s) planned, ${count(report.outcomes, 'unchanged')} already up to date, ` +
      `${count(report.outcomes, 'skipped')} skipped, ${count(report.outcomes, 'failed')} failed (ledger run ${report.runId})` +
      (endedInFailure(report) ? ` — ${c.red(report.result === 'unreachable' ? 'the wiki did not answer: the plan is incomplete' : 'the plan failed')}` : ''),
  );
  return lines.join('\n');
}

export function formatRunReport(report: TaskRunReport, apiUrl: string, color: boolean): string {
  const c = pc.createColors(color);
  const lines = [c.bold(`== ${report.task}: ${report.result} (ledger run ${report.runId}) ==`)];
  for (const o of report.outcomes) {
    if (isSaved(o)) {
      const link = diffUrl(apiUrl, o.oldRevId, o.newRevId);
      lines.push(`  ${c.green(o.status)} "${o.title}"${link ? `  ${link}` : ''}${o.reason ? ` (${o.reason})` : ''}`);
    } else if (o.status === 'failed') {
      lines.push(`  ${c.red('failed')} "${o.title}": ${o.reason ?? ''}`);
    } else if (o.status === 'skipped' || o.status === 'not-reached') {
      lines.push(`  ${o.status === 'skipped' ? 'skipped' : 'not reached'} "${o.title}": ${o.reason ?? ''}`);
    }
  }
  lines.push(...notesAndError(report));
  const notReached = count(report.outcomes, 'not-reached');
  lines.push(
    `${report.task}: ${report.outcomes.filter(isSaved).length} saved, ${count(report.outcomes, 'unchanged')} already up to date, ` +
      `${count(report.outcomes, 'skipped')} skipped, ${count(report.outcomes, 'failed')} failed` +
      (notReached ? `, ${notReached} not reached` : ''),
  );
  return lines.join('\n');
}

/** Lines about the status pages after a run: saved pages for stdout, problems for stderr. */
export function formatStatusUpdate(
  update: { outcomes: ChangeOutcome[] } | { error: string },
  apiUrl: string,
): { out: string[]; err: string[] } {
  if ('error' in update) return { out: [], err: [`the status pages were not updated: ${update.error}`] };
  const out = update.outcomes
    .filter(isSaved)
    .map((o) => `status: ${o.status} "${o.title}"  ${diffUrl(apiUrl, o.oldRevId, o.newRevId) ?? ''}`.trimEnd());
  const err = update.outcomes
    .filter((o) => o.status === 'failed' || o.status === 'skipped' || o.status === 'not-reached')
    .map((o) => `the status page "${o.title}" was not updated: ${o.reason ?? o.status}`);
  return { out, err };
}
