// Unified diffs of planned changes, for `deptbot plan` and the dry-run report.
import type { createTwoFilesPatch as CreateTwoFilesPatch } from 'diff';
import pc from 'picocolors';
import type { PlannedChange } from './planned-change';

/** `diff` (0.4 MB of heap, 11 ms to load) is loaded when a diff is printed (`deptbot plan`), not by runs. */
function twoFilesPatch(): typeof CreateTwoFilesPatch {
  return (require('diff') as typeof import('diff')).createTwoFilesPatch;
}

export function renderDiff(change: PlannedChange, color: boolean): string {
  const after =
    change.kind === 'new-section'
      ? `${change.oldText.replace(/\n*$/, '')}\n\n== ${change.sectionTitle ?? ''} ==\n${change.newText}\n`
      : change.newText;
  const base = change.baseRevId === null ? 'new page' : `revision ${change.baseRevId}`;
  const patch = twoFilesPatch()(change.title, change.title, change.oldText, after, base, 'planned', { context: 3 });
  const body = patch.split('\n').slice(2).join('\n'); // drop the "Index:" and "====" lines
  if (!color) return body;
  return body
    .split('\n')
    .map((line) =>
      line.startsWith('+++') || line.startsWith('---')
        ? pc.bold(line)
        : line.startsWith('+')
          ? pc.green(line)
          : line.startsWith('-')
            ? pc.red(line)
            : line.startsWith('@@')
              ? pc.cyan(line)
              : line,
    )
    .join('\n');
}
