// translation-status as a per-page task: the watched pages, each page's statistics (its section of
// the report, its snapshot, trend and signals), and the one edit of the report page once every page
// is treated.
import type { Conclusion, PageTarget, Targets, Treatment } from '../../src/core/per-page';
import { errorMessage } from '../../src/core/errors';
import type { SkipAction, TaskContext } from '../../src/core/task';
import { readPageLanguages } from '../../src/wiki/reader';
import type { LedgerRecord } from '../../src/ledger/records';
import { buildFigures, reportedLanguages, unitCount, type PageReport } from './build-page-report';
import { discoverPages, watchedPages } from './find-pages';
import { findSignals } from './find-signals';
import { latestSnapshots, type TranslationSnapshotRow } from './ledger';
import { hasTranslate, pageGroupId, readGroupStats, type GroupStats } from './read-stats';
import { REPORT_REGION, describeEdit, upsertFittedReport } from './render-report';
import type { TranslationStatusSettings } from './settings';
import { StatsAhead } from './stats-ahead';
import { chooseBaseline, snapshotLanguages, trendStateKey, type TrendState } from './track-trend';

type Context = TaskContext<TranslationStatusSettings>;

type StatsResult = GroupStats | { kind: 'error'; reason: string };

/** The watched pages, and their statistics read one page ahead of the page being treated. */
export interface WatchedPages extends Targets<PageTarget> {
  stats: StatsAhead<StatsResult>;
}

/** A page's treatment: its section of the report is what it gathers. */
type PageOutcome = Treatment<PageReport>;

function withoutFigures(report: PageReport, note: string): PageOutcome {
  return { gathered: report, notes: [note] };
}

async function readStats(ctx: Context, title: string): Promise<StatsResult> {
  try {
    return await readGroupStats(ctx.wiki, title, { retries: ctx.settings.statsRetries, retryDelayMs: ctx.settings.retryDelayMs });
  } catch (error) {
    return { kind: 'error', reason: errorMessage(error) };
  }
}

/** A page whose statistics hold no figures to report: why, in the report and the run's notes. */
function withoutFiguresFor(stats: Exclude<StatsResult, { kind: 'complete' }>, title: string, ctx: Context): PageOutcome {
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
  }
}

/** One page (its page language and ledger figures as read): its report section, and (for complete figures) its snapshot, trend state and signals. */
export async function reportOnPage(
  page: PageAsRead | undefined,
  { title }: PageTarget,
  ctx: Context,
  _work: undefined,
  found: WatchedPages,
): Promise<PageOutcome> {
  const { settings } = ctx;
  const sourceLanguage = page?.language ?? null;
  const stats = await found.stats.take(title);
  if (stats.kind !== 'complete') return withoutFiguresFor(stats, title, ctx);
  const reported = reportedLanguages(stats.languages, settings.priorityLanguages, sourceLanguage);
  const latest = page?.latest ?? [];
  const trend = chooseBaseline(reported, latest, page?.trend);
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
    date: ctx.now.toISOString().slice(0, 10),
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
  return { gathered: report, records };
}

function noTranslate(ctx: Context): Conclusion {
  const reason = `the wiki at ${ctx.wiki.apiUrl} has no Translate extension (meta=siteinfo lists no "Translate"), so there are no translation statistics to report`;
  ctx.log.warn('translate extension missing', { apiUrl: ctx.wiki.apiUrl });
  const skip: SkipAction = { kind: 'skip', title: ctx.settings.reportPage, reason };
  return { actions: [skip], notes: [reason] };
}

/** The configured pages, then those Translate lists under the prefixes; none on a wiki without Translate. */
export async function watchedPageTargets(ctx: Context): Promise<WatchedPages> {
  const { settings } = ctx;
  const stats = new StatsAhead((title: string) => readStats(ctx, title));
  if (!hasTranslate(ctx.wiki)) return { targets: [], stats };
  const pages = watchedPages(settings.pages, await discoverPages(ctx.wiki, settings.discoverPrefixes));
  return { targets: pages.map((title) => ({ title })), reportPages: [settings.reportPage], stats };
}

/** A watched page as its part is read: its page language (prop=info), and what the ledger holds of its last run. */
export interface PageAsRead {
  language: string | undefined;
  /** The latest snapshot of its figures, by language; [] before the first. */
  latest: TranslationSnapshotRow[];
  trend: TrendState | undefined;
}

/**
 * The statistics need no page text: a part is read for its pages' languages only (prop=info), and
 * the ledger is asked for the part's snapshots and trend states in one question each, while the wiki
 * answers; its statistics are read as it is treated.
 */
export async function readPagesAndRecords(part: readonly PageTarget[], ctx: Context, found: WatchedPages): Promise<Map<string, PageAsRead>> {
  const titles = part.map((t) => t.title);
  found.stats.startPart(titles);
  const reading = readPageLanguages(ctx.wiki, titles);
  const latest = latestSnapshots(ctx.ledger, titles);
  const trends = ctx.ledger.taskStates<TrendState>(ctx.taskName, titles.map(trendStateKey));
  const languages = await reading;
  return new Map(titles.map((title) => [title, { language: languages.get(title), latest: latest.get(title) ?? [], trend: trends.get(trendStateKey(title)) }]));
}

/** Once every page is read: the report page's edit, or why there is none. */
export function reportEdit(reports: PageReport[], ctx: Context): Conclusion {
  const { settings } = ctx;
  if (!hasTranslate(ctx.wiki)) return noTranslate(ctx);
  const context = { botName: ctx.botName, priorityLanguages: settings.priorityLanguages };
  return {
    actions: [
      {
        kind: 'edit',
        title: settings.reportPage,
        summary: describeEdit(reports),
        regions: [REPORT_REGION],
        createIfMissing: true,
        transform: (text) => upsertFittedReport(text, reports, context, ctx.wiki.siteInfo.maxArticleBytes),
      },
    ],
  };
}
