import { buildFigures, reportedLanguages, summarise } from '../../../tasks/translation-status/build-page-report';
import { readGroupStats, type LanguageStats } from '../../../tasks/translation-status/read-stats';
import { recordedWiki } from './recorded-wiki';

async function recordedRows(state: 'first' | 'later' | 'regressed'): Promise<LanguageStats[]> {
  const stats = await readGroupStats(recordedWiki({ state }), 'Sample translatable page', { retries: 0, retryDelayMs: 0 });
  if (stats.kind !== 'complete') throw new Error(`expected complete stats, got ${stats.kind}`);
  return stats.languages;
}

describe('reportedLanguages', () => {
  it.each([
    ['started languages only', [], 'en', ['de', 'es', 'fr']],
    ['plus priority languages at 0 %', ['ru', 'zh', 'fr'], 'en', ['de', 'es', 'fr', 'ru', 'zh']],
    ['the source language is not a translation, even as a priority', ['en'], 'en', ['de', 'es', 'fr']],
    ['an unknown source language leaves every started language in', [], null, ['de', 'en', 'es', 'fr']],
  ])('out of the 486 recorded rows: %s', async (_name, priority, source, codes) => {
    const rows = await recordedRows('first');
    expect(reportedLanguages(rows, priority, source).map((r) => r.code)).toEqual(codes);
  });

  it('gives a priority language the wiki sent no row for 0 of the page\'s units', () => {
    const rows: LanguageStats[] = [{ code: 'de', total: 25, translated: 1, fuzzy: 1, proofread: 0 }];
    expect(reportedLanguages(rows, ['zh'], 'en')).toEqual([rows[0], { code: 'zh', total: 25, translated: 0, fuzzy: 0, proofread: 0 }]);
  });
});

describe('the language order', () => {
  it('is by code point, with no Intl.Collator made (ICU\'s collation data is 3.5 MB of RSS)', () => {
    const made = jest.spyOn(Intl, 'Collator');
    try {
      const rows: LanguageStats[] = ['zh-hant', 'be-tarask', 'zh', 'de', 'be'].map((code) => ({ code, total: 5, translated: 1, fuzzy: 0, proofread: 0 }));
      expect(reportedLanguages(rows, ['ast'], 'en').map((r) => r.code)).toEqual(['ast', 'be', 'be-tarask', 'de', 'zh', 'zh-hant']);
      expect(made).not.toHaveBeenCalled();
    } finally {
      made.mockRestore();
    }
  });
});

describe('summarise', () => {
  it.each([
    ['first', { atLeast90: 1, atLeast50: 2, started: 3 }],
    ['later', { atLeast90: 2, atLeast50: 3, started: 4 }],
    ['regressed', { atLeast90: 0, atLeast50: 3, started: 4 }],
  ] as const)('state %s', async (state, expected) => {
    expect(summarise(reportedLanguages(await recordedRows(state), [], 'en'))).toEqual(expected);
  });
});

describe('buildFigures', () => {
  it('orders rows by % complete, marks priority languages and counts the change since the baseline', async () => {
    const later = reportedLanguages(await recordedRows('later'), ['ru'], 'en');
    const first = reportedLanguages(await recordedRows('first'), ['ru'], 'en');

    const report = buildFigures({
      title: 'Sample translatable page',
      sourceLanguage: 'en',
      units: 9,
      reported: later,
      priorityLanguages: ['ru'],
      baseline: { takenAt: '2026-11-20T05:30:00.000Z', languages: first },
      changedSinceLastRun: true,
    });

    expect(report.rows.map((r) => [r.code, r.percent, r.change, r.priority])).toEqual([
      ['de', 100, 22, false],
      ['es', 100, 0, false],
      ['fr', 67, 23, false],
      ['it', 22, 22, false],
      ['ru', 0, 0, true],
    ]);
    expect(report.baselineDate).toBe('2026-11-20');
  });
});
