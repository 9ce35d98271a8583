// The Translate statistics of the benchmark's pages: every page marked for translation, translated
// in several languages, each page differently. Generated from a real answer of Translate
// (../shared/fixtures' recording of meta=messagegroupstats: a row for each of the wiki's 486
// languages), with the units and the figures of ten languages set per page, so that deptbot reads,
// reports and snapshots statistics at the size Meta answers them.
import fs from 'node:fs';
import path from 'node:path';
import { reportedLanguages } from '../tasks/translation-status/build-page-report';
import type { LanguageStats } from '../tasks/translation-status/read-stats';
import { repoRoot } from './repo-root';

interface StatsRow {
  total: number;
  translated: number;
  fuzzy: number;
  proofread: number;
  code: string;
  language: string;
}

/** Languages with translations on every bench page (Meta's most translated ones). */
export const TRANSLATED_LANGUAGES = ['de', 'es', 'fr', 'it', 'ru', 'ja', 'zh-hans', 'pt-br', 'ar', 'nl'];
const SOURCE_LANGUAGE = 'en';

/** The bench page's number: the root is 0, `…/Team 00042` is 42; null for a page that is not a bench page. */
export function benchPageIndex(title: string): number | null {
  const match = /^Bench (?:translated )?department of \d+ pages(?:\/Team (\d{5}))?$/.exec(title);
  if (!match) return null;
  return match[1] ? Number(match[1]) : 0;
}

/** One page's rows: its unit count (5–15), the source complete, ten languages part-translated, some units outdated. */
function pageRows(recorded: readonly StatsRow[], index: number): StatsRow[] {
  const total = 5 + (index % 11);
  return recorded.map((row) => {
    const rank = TRANSLATED_LANGUAGES.indexOf(row.code);
    if (row.code === SOURCE_LANGUAGE) return { ...row, total, translated: total, fuzzy: 0, proofread: 0 };
    if (rank === -1) return { ...row, total, translated: 0, fuzzy: 0, proofread: 0 };
    const translated = (index * 7 + rank * 3) % (total + 1);
    const fuzzy = translated < total && (index + rank) % 3 === 0 ? 1 : 0;
    return { ...row, total, translated, fuzzy, proofread: Math.floor(translated / 3) };
  });
}

/** The recordings of the real Translate, from the source tree (the compiled bench runs elsewhere). */
export const RECORDINGS_DIR = path.join(repoRoot, 'test', 'unit', 'translation-status', 'recordings');

function recordedRows(dir: string): StatsRow[] {
  return JSON.parse(fs.readFileSync(path.join(dir, 'messagegroupstats.json'), 'utf8')).query.messagegroupstats;
}

/** The answer of meta=messagegroupstats for a bench page's group, or null for any other group (left to the recordings). */
export function benchGroupStats(dir: string = RECORDINGS_DIR): (params: Record<string, string>) => string | null {
  const recorded = recordedRows(dir);
  return (params) => {
    const index = params.mgsgroup?.startsWith('page-') ? benchPageIndex(params.mgsgroup.slice('page-'.length)) : null;
    if (index === null) return null;
    const suppressEmpty = params.mgssuppressempty !== undefined && params.mgssuppressempty !== '0';
    const rows = pageRows(recorded, index).filter((row) => !suppressEmpty || row.translated + row.fuzzy > 0);
    return JSON.stringify({ batchcomplete: true, query: { messagegroupstats: rows } });
  };
}

/** When the run before the measured one took its figures (the trend column's date). */
export const PREVIOUS_RUN_AT = '2026-12-01T05:30:00.000Z';

/**
 * The figures a run before the measured one kept of a bench page: what deptbot reports (the
 * languages with anything translated, reportedLanguages), as Translate answered them then. Every
 * third page had one unit fewer translated in each of them (so its trend column shows a change), the
 * others the same figures (no change). null for a page that is not a bench page. One page at a time,
 * so that putting 10,000 pages' figures in place holds no more than a batch of them.
 */
export function benchPreviousFigures(dir: string = RECORDINGS_DIR): (title: string) => LanguageStats[] | null {
  const recorded = recordedRows(dir).filter((row) => row.code === SOURCE_LANGUAGE || TRANSLATED_LANGUAGES.includes(row.code));
  return (title) => {
    const index = benchPageIndex(title);
    return index === null ? null : earlierFigures(pageRows(recorded, index), index);
  };
}

/**
 * What a run before kept of bench page `index`, given its figures now (the source language's and
 * the translated languages'): every third page had one unit fewer translated in each language, so
 * its trend column shows a change; the others the same figures.
 */
export function earlierFigures(now: readonly LanguageStats[], index: number): LanguageStats[] {
  const then = now.map(({ code, total, translated, fuzzy, proofread }) =>
    index % 3 === 0 && code !== SOURCE_LANGUAGE ? { code, total, translated: Math.max(0, translated - 1), fuzzy, proofread: Math.min(proofread, Math.max(0, translated - 1)) } : { code, total, translated, fuzzy, proofread },
  );
  return reportedLanguages(then, [], SOURCE_LANGUAGE);
}
