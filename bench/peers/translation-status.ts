// The peer of translation-status: the leanest script that produces deptbot's plan (the report page's
// new text). The report is deptbot's own format, so the peer calls the same pure functions for it
// (which languages to list, the figures, the trend against the figures kept before, the wikitext);
// the reading and the loop are mwn's. The figures of the run before come from a JSON file, as a
// script would keep them (the bench writes it: bench/run-one.ts), deptbot's from its ledger.
import fs from 'node:fs';
import type { Mwn } from 'mwn';
import { buildFigures, reportedLanguages, unitCount, type PageReport } from '../../tasks/translation-status/build-page-report';
import type { TranslationSnapshotRow } from '../../tasks/translation-status/ledger';
import type { LanguageStats } from '../../tasks/translation-status/read-stats';
import { upsertFittedReport } from '../../tasks/translation-status/render-report';
import { chooseBaseline } from '../../tasks/translation-status/track-trend';
import { contentOf, readAll, type Peer } from './peer';

interface Settings {
  reportPage: string;
  pages: string[];
  priorityLanguages: string[];
  /** `{ takenAt, figures: { [title]: LanguageStats[] } }` of the run before, when there was one. */
  previousFile?: string;
}

interface PreviousFigures {
  takenAt: string;
  figures: Record<string, LanguageStats[]>;
}

/** Each page's language (prop=info), 500 titles a request. */
async function pageLanguages(bot: Mwn, titles: readonly string[]): Promise<Map<string, string>> {
  const languages = new Map<string, string>();
  for (let at = 0; at < titles.length; at += 500) {
    const response = await bot.request({ action: 'query', prop: 'info', titles: titles.slice(at, at + 500) }, { method: 'post' });
    for (const page of response.query?.pages ?? []) languages.set(page.title, page.pagelanguage);
  }
  return languages;
}

/** The figures kept of `title` before, as deptbot's ledger gives its latest snapshot. */
function keptFigures(previous: PreviousFigures | null, title: string): TranslationSnapshotRow[] {
  const languages = previous?.figures[title] ?? [];
  return languages.map(({ code, ...figures }) => ({ page: title, language: code, ...figures, takenAt: previous!.takenAt }));
}

async function pageReport(
  bot: Mwn,
  title: string,
  sourceLanguage: string | null,
  priorityLanguages: readonly string[],
  previous: PreviousFigures | null,
): Promise<PageReport> {
  let response;
  try {
    response = await bot.request({ action: 'query', meta: 'messagegroupstats', mgsgroup: `page-${title}` });
  } catch (error) {
    if ((error as { code?: string }).code === 'badparameter') return { kind: 'not-marked', title };
    throw error;
  }
  // Translate still rebuilding its cache: deptbot retries and may report "incomplete"; this peer does not go there.
  if (response.continue) throw new Error(`translation-status peer: statistics of "${title}" incomplete`);
  const rows: LanguageStats[] = response.query?.messagegroupstats ?? [];
  const reported = reportedLanguages(rows, priorityLanguages, sourceLanguage);
  const { baseline, changed } = chooseBaseline(reported, keptFigures(previous, title), undefined);
  return buildFigures({ title, sourceLanguage, units: unitCount(rows), reported, priorityLanguages, baseline, changedSinceLastRun: changed });
}

export const translationStatusPeer: Peer<Settings> = async (bot, settings, _now, onChange) => {
  const site = await bot.request({ action: 'query', meta: 'siteinfo', siprop: 'general|extensions' });
  if (!(site.query?.extensions ?? []).some((extension: { name?: string }) => extension.name === 'Translate')) throw new Error('no Translate on this wiki');
  const previous: PreviousFigures | null = settings.previousFile ? JSON.parse(fs.readFileSync(settings.previousFile, 'utf8')) : null;
  const languages = await pageLanguages(bot, settings.pages);
  const reports: PageReport[] = [];
  for (const title of settings.pages) reports.push(await pageReport(bot, title, languages.get(title) ?? null, settings.priorityLanguages, previous));
  const botName = String(bot.options.username).split('@')[0];
  const [page] = await readAll(bot, [settings.reportPage]);
  const text = contentOf(page) ?? '';
  const result = upsertFittedReport(text, reports, { botName, priorityLanguages: settings.priorityLanguages }, site.query?.general?.maxarticlesize);
  if ('text' in result && result.text !== text) onChange(page.title, result.text);
};
