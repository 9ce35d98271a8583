// `deptbot status`: recent runs, edits and errors from the ledger, per task the last run and the next
// one, and what is running now. Reads only the ledger and the config; never the wiki.
import fs from 'node:fs';
import type { Config } from '../../config/schema';
import type { Task } from '../../core/task';
import { readEnvOptions } from '../../env';
import { Ledger, type RunRow, type TaskLockRow } from '../../ledger/ledger';
import { ledgerLocation } from '../../ledger/ledger-location';
import type { EditRow } from '../../ledger/records';
import { describeLockHolder } from '../../ledger/task-lock';
import { STATUS_TASK } from '../../status/render-tasks-page';
import { describeResult } from '../../status/render-status-page';
import { collectTaskStatuses, runCounts, runDetails, type OutcomeCounts, type TaskStatus } from '../../status/task-status';
import { formatUtc } from '../../status/wikitext-text';
import type { CliDeps } from '../cli-deps';
import { EXIT_OK } from '../exit-codes';
import { diffUrl } from '../format-report';
import { selectTasks } from '../select-tasks';
import { loadCliConfig, openLocalSession, withSession } from '../session';
import { formatTable } from '../text-table';

export interface StatusOptions {
  limit: number;
  task?: string;
  json?: boolean;
}

export interface StatusView {
  tasks: TaskStatus[];
  running: TaskLockRow[];
  /** Each with its counts in the words of every view (runCounts); the ledger's own columns stay for compatibility. */
  runs: Array<RunRow & { counts: OutcomeCounts }>;
  edits: EditRow[];
}

export function collectStatusView(ledger: Ledger, tasks: readonly Task[], config: Config, now: Date, options: StatusOptions): StatusView {
  const shown = options.task ? tasks.filter((t) => t.name === options.task) : tasks;
  return {
    tasks: collectTaskStatuses(ledger, shown, config, () => now),
    running: ledger.taskLocks().filter((lock) => !options.task || lock.task === options.task),
    runs: ledger.recentRuns(options.limit, options.task).map((run) => ({ ...run, counts: runCounts(run) })),
    edits: options.task
      ? ledger.recentEdits(options.limit * 10).filter((e) => e.task === options.task).slice(0, options.limit)
      : ledger.recentEdits(options.limit),
  };
}

/** The counts' columns: the same words as the run summary ("2 saved, 1 already up to date, 0 skipped, 0 failed"). */
const COUNT_HEADERS = ['SAVED', 'UP TO DATE', 'SKIPPED', 'FAILED', 'NOT REACHED'];

function countCells(counts: OutcomeCounts | null): string[] {
  return counts ? [counts.saved, counts.upToDate, counts.skipped, counts.failed, counts.notReached].map(String) : COUNT_HEADERS.map(() => '—');
}

function took(run: RunRow): string {
  if (!run.endedAt) return 'running';
  const seconds = Math.round((Date.parse(run.endedAt) - Date.parse(run.startedAt)) / 1000);
  return seconds < 120 ? `${seconds}s` : `${Math.round(seconds / 60)}m`;
}

function problems(runs: readonly RunRow[]): string[] {
  return runs.flatMap((run) => {
    const details = runDetails(run);
    const where = `run ${run.id} (${run.task})`;
    return [
      ...(details.error ? [`${where}: ${details.error}`] : []),
      ...details.outcomes.filter((o) => o.status === 'failed').map((o) => `${where}: "${o.title}": ${o.reason ?? 'failed'}`),
    ];
  });
}

export function formatStatusView(view: StatusView, apiUrl: string | undefined): string {
  const sections: string[] = [];
  sections.push(
    view.tasks.length
      ? formatTable(
          ['TASK', 'LAST RUN', 'RESULT', ...COUNT_HEADERS, 'NEXT RUN'],
          view.tasks.map((t) => [
            t.task,
            t.lastRun ? `${formatUtc(t.lastRun.startedAt)} (${t.lastRun.trigger})` : 'never',
            t.lastRun ? describeResult(t.lastRun, t.notSaved, t.error) : '—',
            ...countCells(t.counts),
            t.enabled ? (t.nextRun ? formatUtc(t.nextRun) : '—') : 'disabled',
          ]),
        )
      : 'No tasks are registered.',
  );
  if (view.running.length) {
    sections.push(['Running now:', ...view.running.map((lock) => `  ${lock.task}: ${describeLockHolder(lock)}`)].join('\n'));
  }
  sections.push(
    view.runs.length
      ? `Recent runs:\n${formatTable(
          ['RUN', 'TASK', 'TRIGGER', 'STARTED', 'TOOK', 'RESULT', ...COUNT_HEADERS],
          view.runs.map((r) => [
            String(r.id),
            r.task,
            r.dryRun ? `${r.trigger} (dry run)` : r.trigger,
            formatUtc(r.startedAt),
            took(r),
            r.result ?? 'unfinished',
            ...countCells(r.counts),
          ]),
        )}`
      : 'Recent runs: none recorded in the ledger yet.',
  );
  if (view.edits.length) {
    sections.push(
      `Recent edits:\n${formatTable(
        ['WHEN', 'TASK', 'PAGE', 'DIFF'],
        view.edits.map((e) => [
          formatUtc(e.madeAt),
          e.task,
          e.page,
          (apiUrl && diffUrl(apiUrl, e.oldRevId, e.newRevId)) || `revision ${e.newRevId ?? '?'}`,
        ]),
      )}`,
    );
  }
  const found = problems(view.runs);
  sections.push(found.length ? ['Errors in recent runs:', ...found.map((p) => `  ${p}`)].join('\n') : 'Errors in recent runs: none.');
  return `${sections.join('\n\n')}\n`;
}

/** The wiki address, for diff links, when the environment names one; status works without it. */
function apiUrlIfKnown(env: NodeJS.ProcessEnv): string | undefined {
  try {
    return readEnvOptions(env).apiUrl;
  } catch {
    return undefined;
  }
}

export function statusCommand(deps: CliDeps, options: StatusOptions): Promise<number> {
  if (options.task && options.task !== STATUS_TASK && !deps.tasks.some((t) => t.name === options.task)) {
    selectTasks(deps.tasks, [options.task], false); // throws the usage error naming the known tasks
  }
  const config = loadCliConfig(deps);
  const location = ledgerLocation(config.ledger, process.cwd());
  // A MariaDB ledger is a server's: opening it is how to find out whether it is there.
  if (location.kind === 'sqlite' && !fs.existsSync(location.file)) {
    // Opening the ledger would create it: say there is none yet, and leave nothing behind.
    if (options.json) {
      const empty = Ledger.open(':memory:');
      try {
        deps.stdout.write(`${JSON.stringify(collectStatusView(empty, deps.tasks, config, deps.clock(), options), null, 2)}\n`);
      } finally {
        empty.close();
      }
    } else {
      deps.stdout.write(`No ledger yet at ${config.ledger.path} (ledger.path in ${config.sources.join(' + ')}): nothing has run with this config. The first run creates it.\n`);
    }
    return Promise.resolve(EXIT_OK);
  }
  return withSession(openLocalSession(deps), (session) => {
    const view = collectStatusView(session.ledger, deps.tasks, session.config, deps.clock(), options);
    deps.stdout.write(options.json ? `${JSON.stringify(view, null, 2)}\n` : formatStatusView(view, apiUrlIfKnown(deps.env)));
    return EXIT_OK;
  });
}
