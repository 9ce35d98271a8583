// translation-status's plan: the statistics of each watched page, its snapshot, trend and signals,
// and the one edit of the report page.
import { errorMessage } from '../../src/core/errors';
import type { TaskContext, TaskPlan } from '../../src/core/task';
import { sameTitle } from '../../src/core/title';
import { readPageLanguages } from '../../src/wiki/reader';
import type { LedgerRecord } from '../../src/ledger/records';
import { buildFigures, reportedLanguages, unitCount, type PageReport } from './build-page-report';
import { discoverPages, watchedPages } from './find-pages';
import { findSignals } from './find-signals';
import { latestSnapshot } from './ledger';
import { hasTranslate, pageGroupId, readGroupStats, type GroupStats } from './read-stats';
import { REPORT_REGION, describeEdit, renderReport, upsertReport } from './render-report';
import type { TranslationStatusSettings } from './settings';
import { chooseBaseline, snapshotLanguages, trendStateKey, type TrendState } from './track-trend';

type Context = TaskContext<TranslationStatusSettings>;

interface PageOutcome {
  report: PageReport;
  records: LedgerRecord[];
  notes: string[];
}

function withoutFigures(report: PageReport, note: string): PageOutcome {
  return { report, records: [], notes: [note] };
}

async function readStats(ctx: Context, title: string): Promise<GroupStats | { kind: 'error'; reason: string }> {
  try {
    return await readGroupStats(ctx.wiki, title, { retries: ctx.settings.statsRetries, retryDelayMs: ctx.settings.retryDelayMs });
  } catch (error) {
    return { kind: 'error', reason: errorMessage(error) };
  }
}

/** One page: its report section, and (for complete figures) its snapshot, trend state and signals. */
async function reportOnPage(ctx: Context, title: string, sourceLanguage: string | null, date: string): Promise<PageOutcome> {
  const { settings } = ctx;
  const stats = await readStats(ctx, title);
  switch (stats.kind) {
    case 'error':
      ctx.log.warn('translation statistics unreadable', { page: title, error: stats.reason });
      return withoutFigures({ kind: 'unreadable', title, reason: stats.reason }, `"${title}": statistics could not be read (${stats.reason})`);
    case 'no-translate':
      ctx.log.warn('translation statistics module missing', { page: title });
      return withoutFigures(
        { kind: 'unreadable', title, reason: 'the wiki does not know meta=messagegroupstats' },
        `"${title}": the wiki does not know meta=messagegroupstats`,
      );
    case 'not-marked':
      ctx.log.info('page not marked for translation', { page: title, group: pageGroupId(title) });
      return withoutFigures({ kind: 'not-marked', title }, `"${title}" is not marked for translation (no message group ${pageGroupId(title)})`);
    case 'incomplete':
      ctx.log.warn('translation statistics incomplete', { page: title, attempts: stats.attempts, rows: stats.languages.length });
      return withoutFigures(
        { kind: 'incomplete', title, attempts: stats.attempts },
        `"${title}": statistics incomplete after ${stats.attempts} attempts (Translate is rebuilding its cache); reported as incomplete, not as 0%`,
      );
    case 'complete':
      break;
  }
  const reported = reportedLanguages(stats.languages, settings.priorityLanguages, sourceLanguage);
  const latest = latestSnapshot(ctx.ledger, title);
  const trend = chooseBaseline(reported, latest, ctx.ledger.taskState<TrendState>(ctx.taskName, trendStateKey(title)));
  const report = buildFigures({
    title,
    sourceLanguage,
    units: unitCount(stats.languages),
    reported,
    priorityLanguages: settings.priorityLanguages,
    baseline: trend.baseline,
    changedSinceLastRun: trend.changed,
  });
  const signals = findSignals({
    page: title,
    rows: report.rows,
    current: stats.languages,
    previous: snapshotLanguages(latest),
    thresholds: settings.thresholds,
    date,
  });
  ctx.log.info('translation statistics read', { page: title, languages: reported.length, signals: signals.length, changed: trend.changed });
  const records: LedgerRecord[] = [
    ...reported.map((row): LedgerRecord => ({
      kind: 'translation-snapshot',
      snapshot: { page: title, language: row.code, total: row.total, translated: row.translated, fuzzy: row.fuzzy, proofread: row.proofread },
    })),
    ...(trend.newState ? [{ kind: 'task-state' as const, key: trendStateKey(title), value: trend.newState }] : []),
    ...signals.map((signal): LedgerRecord => ({ kind: 'signal', signal })),
  ];
  return { report, records, notes: [] };
}

export async function planTranslationStatus(ctx: Context): Promise<TaskPlan> {
  const { settings } = ctx;
  if (!hasTranslate(ctx.wiki)) {
    const reason = `the wiki at ${ctx.wiki.apiUrl} has no Translate extension (meta=siteinfo lists no "Translate"), so there are no translation statistics to report`;
    ctx.log.warn('translate extension missing', { apiUrl: ctx.wiki.apiUrl });
    return { actions: [{ kind: 'skip', title: settings.reportPage, reason }], notes: [reason] };
  }
  const onlyWatchedPage = ctx.onlyPage && !sameTitle(ctx.onlyPage, settings.reportPage) ? ctx.onlyPage : undefined;
  const pages = watchedPages(settings.pages, await discoverPages(ctx.wiki, settings.discoverPrefixes)).filter(
    (title) => !onlyWatchedPage || sameTitle(title, onlyWatchedPage),
  );
  const sourceLanguages = await readPageLanguages(ctx.wiki, pages);
  const date = ctx.now.toISOString().slice(0, 10);
  const outcomes: PageOutcome[] = [];
  for (const title of pages) outcomes.push(await reportOnPage(ctx, title, sourceLanguages.get(title) ?? null, date));
  const reports = outcomes.map((o) => o.report);
  const body = renderReport(reports, { botName: ctx.botName, priorityLanguages: settings.priorityLanguages });
  return {
    actions: [
      {
        kind: 'edit',
        title: settings.reportPage,
        summary: describeEdit(reports),
        regions: [REPORT_REGION],
        createIfMissing: true,
        transform: (text) => upsertReport(text, body, ctx.botName),
      },
    ],
    records: outcomes.flatMap((o) => o.records),
    notes: outcomes.flatMap((o) => o.notes),
  };
}
