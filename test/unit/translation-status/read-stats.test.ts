import { hasTranslate, percentComplete, readGroupStats, type LanguageStats } from '../../../tasks/translation-status/read-stats';
import { statsRows } from '../../../src/wiki/reader';
import type { TranslateState } from '../../support/translate-replay';
import { recordedWiki } from './recorded-wiki';

const PAGE = 'Sample translatable page';

/** Languages with anything translated, as `code translated/fuzzy`. */
function started(rows: readonly LanguageStats[]): string {
  return rows
    .filter((r) => r.translated > 0 || r.fuzzy > 0)
    .map((r) => `${r.code} ${r.translated}/${r.fuzzy}`)
    .sort()
    .join(', ');
}

describe('readGroupStats on the recorded states', () => {
  // Expected figures from the recordings' README table (9 units each; en is the source).
  it.each<[TranslateState, string]>([
    ['first', 'de 7/2, en 9/0, es 9/0, fr 4/0'],
    ['later', 'de 9/0, en 9/0, es 9/0, fr 6/0, it 2/0'],
    ['regressed', 'de 8/1, en 9/0, es 8/1, fr 6/0, it 2/0'],
  ])('state %s: every language in one request, the started ones as recorded', async (state, expected) => {
    const wiki = recordedWiki({ state });

    const stats = await readGroupStats(wiki, PAGE, { retries: 3, retryDelayMs: 0 });

    expect(stats.kind).toBe('complete');
    if (stats.kind !== 'complete') return;
    expect(stats.languages).toHaveLength(486);
    expect(new Set(stats.languages.map((r) => r.total))).toEqual(new Set([9]));
    expect(started(stats.languages)).toEqual(expected);
    expect(wiki.requests).toEqual([expect.objectContaining({ meta: 'messagegroupstats', mgsgroup: 'page-Sample translatable page' })]);
  });

  it('follows continue.mgsoffset after a wait, a bounded number of times, then reports incomplete (not 0 %)', async () => {
    const wiki = recordedWiki({ state: 'after-mark-before-jobs' });
    const waits: number[] = [];

    const stats = await readGroupStats(wiki, PAGE, {
      retries: 2,
      retryDelayMs: 1234,
      wait: async (ms) => {
        waits.push(ms);
      },
    });

    expect(stats).toEqual({ kind: 'incomplete', attempts: 3, languages: [] });
    expect(waits).toEqual([1234, 1234]);
    expect(wiki.requests.map((r) => r.mgsoffset)).toEqual([undefined, 'aa', 'aa']);
  });

  it('with no retries allowed, one incomplete answer is reported as incomplete without waiting', async () => {
    const wiki = recordedWiki({ state: 'after-mark-before-jobs' });
    const waits: number[] = [];

    const stats = await readGroupStats(wiki, PAGE, { retries: 0, retryDelayMs: 50, wait: async (ms) => void waits.push(ms) });

    expect(stats).toEqual({ kind: 'incomplete', attempts: 1, languages: [] });
    expect(waits).toEqual([]);
  });

  it('gets the whole answer once the rebuild job has run', async () => {
    const wiki = recordedWiki();
    wiki.recordings.queueStates(['after-mark-before-jobs', 'first']);

    const stats = await readGroupStats(wiki, PAGE, { retries: 3, retryDelayMs: 0 });

    expect(stats.kind).toBe('complete');
    expect(stats.kind === 'complete' && stats.languages.length).toBe(486);
    expect(wiki.requests.map((r) => r.mgsoffset)).toEqual([undefined, 'aa']);
  });

  it.each([
    ['the recorded not-marked answer', 'not-marked' as TranslateState, PAGE],
    ['a page Translate has no group for', 'first' as TranslateState, 'Community Engagement'],
  ])('reports badparameter as "not marked for translation": %s', async (_name, state, title) => {
    const wiki = recordedWiki({ state });

    await expect(readGroupStats(wiki, title, { retries: 3, retryDelayMs: 0 })).resolves.toEqual({ kind: 'not-marked' });
    expect(wiki.requests).toHaveLength(1);
  });
});

describe('Translate present or not', () => {
  it('finds Translate in the recorded siteinfo', async () => {
    expect(hasTranslate(recordedWiki())).toBe(true);
  });

  it('reads a wiki that does not know the module (the local wiki\'s own answer) as no statistics at all', () => {
    // What MediaWiki 1.39 without Translate answers to meta=messagegroupstats.
    const answer = {
      batchcomplete: true,
      warnings: {
        main: { warnings: 'Unrecognized parameter: mgsgroup.' },
        query: { warnings: 'Unrecognized value for parameter "meta": messagegroupstats' },
      },
    };
    expect(statsRows(answer)).toBeNull();
  });
});

describe('percentComplete', () => {
  it.each([
    [7, 9, 78],
    [8, 9, 89],
    [4, 9, 44],
    [2, 9, 22],
    [9, 9, 100],
    [1, 25, 4],
    [0, 0, 0],
  ])('%i of %i units is %i %% (translated / total, as the page header rounds it)', (translated, total, percent) => {
    expect(percentComplete({ translated, total })).toBe(percent);
  });
});
