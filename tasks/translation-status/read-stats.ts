// Reads what the Translate extension knows about a translatable page: whether Translate is there at
// all, and the per-language statistics of the page's message group (meta=messagegroupstats).
import { WikiError } from '../../src/core/errors';
import { sleep } from '../../src/core/sleep';
import type { WikiReader } from '../../src/wiki/client';
import { readGroupStatsAnswer, type GroupStatsAnswer, type LanguageStats } from '../../src/wiki/reader';

export type { LanguageStats };

export type GroupStats =
  | { kind: 'complete'; languages: LanguageStats[] }
  /** Translate's cache was still being rebuilt after every retry: these rows are only part of the answer. */
  | { kind: 'incomplete'; attempts: number; languages: LanguageStats[] }
  /** The group does not exist: the page was never marked for translation (error `badparameter`). */
  | { kind: 'not-marked' }
  /** The wiki does not know meta=messagegroupstats. */
  | { kind: 'no-translate' };

export interface StatsReadOptions {
  /** Re-reads after the first answer while the cache is incomplete. */
  retries: number;
  retryDelayMs: number;
  wait?: (ms: number) => Promise<void>;
}

/** The message group of a translatable page. */
export function pageGroupId(title: string): string {
  return `page-${title}`;
}

/** % complete as Translate's page header shows it: translated / total, rounded to a whole number. */
export function percentComplete(stats: Pick<LanguageStats, 'total' | 'translated'>): number {
  return stats.total > 0 ? Math.round((stats.translated * 100) / stats.total) : 0;
}

/** True when meta=siteinfo (read when the client connected) lists the Translate extension. */
export function hasTranslate(wiki: WikiReader): boolean {
  return wiki.siteInfo.extensions.includes('Translate');
}

/**
 * Reads the statistics of a page's message group. A `continue.mgsoffset` means Translate's cache was
 * incomplete and a rebuild job was queued: following it at once returns the same answer forever, so
 * the reader waits and retries from that offset a bounded number of times, keeping the rows it got.
 */
export async function readGroupStats(wiki: WikiReader, title: string, options: StatsReadOptions): Promise<GroupStats> {
  const wait = options.wait ?? sleep;
  const rows = new Map<string, LanguageStats>();
  let next: Record<string, string> = {};
  for (let attempt = 1; ; attempt++) {
    let answer: GroupStatsAnswer;
    try {
      answer = await readGroupStatsAnswer(wiki, pageGroupId(title), next);
    } catch (error) {
      if (error instanceof WikiError && error.apiCode === 'badparameter') return { kind: 'not-marked' };
      throw error;
    }
    if (answer.rows === null) return { kind: 'no-translate' };
    for (const row of answer.rows) rows.set(row.code, row);
    if (answer.next === undefined) return { kind: 'complete', languages: [...rows.values()] };
    if (attempt > options.retries) return { kind: 'incomplete', attempts: attempt, languages: [...rows.values()] };
    next = answer.next;
    await wait(options.retryDelayMs);
  }
}
