import { buildFigures } from '../../../tasks/translation-status/build-page-report';
import { findSignals } from '../../../tasks/translation-status/find-signals';
import type { LanguageStats } from '../../../tasks/translation-status/read-stats';
import { translationStatusSettings } from '../../../tasks/translation-status/settings';

const PAGE = 'Community Engagement';

function stats(code: string, translated: number, fuzzy = 0, total = 20): LanguageStats {
  return { code, total, translated, fuzzy, proofread: 0 };
}

function signalsFor(input: {
  current: LanguageStats[];
  previous?: LanguageStats[];
  priority?: string[];
  thresholds?: Record<string, unknown>;
}) {
  const settings = translationStatusSettings.parse({ priorityLanguages: input.priority ?? [], thresholds: input.thresholds ?? {} });
  const report = buildFigures({
    title: PAGE,
    sourceLanguage: 'en',
    units: 20,
    reported: input.current,
    priorityLanguages: settings.priorityLanguages,
    baseline: null,
    changedSinceLastRun: false,
  });
  return findSignals({
    page: PAGE,
    rows: report.rows,
    current: input.current,
    previous: input.previous ?? [],
    thresholds: settings.thresholds,
    date: '2026-11-21',
  });
}

describe('findSignals', () => {
  it.each([
    ['below the default 50 %', { current: [stats('ru', 9)], priority: ['ru'] }, [`translation-below:${PAGE}:ru:50`]],
    ['exactly at the threshold is not below', { current: [stats('ru', 10)], priority: ['ru'] }, []],
    ['not started at all', { current: [stats('zh', 0)], priority: ['zh'] }, [`translation-below:${PAGE}:zh:50`]],
    ['a non-priority language is never "below"', { current: [stats('it', 1)], priority: [] }, []],
    [
      'a per-language threshold',
      { current: [stats('de', 15)], priority: ['de'], thresholds: { priorityPercentByLanguage: { de: 80 } } },
      [`translation-below:${PAGE}:de:80`],
    ],
  ])('priority language: %s', (_name, input, keys) => {
    expect(signalsFor(input).map((s) => s.key)).toEqual(keys);
  });

  it('gives the signal contract for a priority language below its threshold', () => {
    expect(signalsFor({ current: [stats('zh', 1, 0, 25)], priority: ['zh'] })).toEqual([
      {
        type: 'translation-below-threshold',
        page: PAGE,
        key: `translation-below:${PAGE}:zh:50`,
        data: { language: 'zh', percent: 4, threshold: 50 },
      },
    ]);
  });

  it.each([
    ['from 100 % to 85 % falls below 90', stats('de', 20), stats('de', 17, 3), [['translation-fell:Community Engagement:de:90:2026-11-21', 90, 85, 100]]],
    ['from 100 % to exactly 90 % is not below 90', stats('de', 20), stats('de', 18, 2), []],
    ['from 95 % to 40 % is one signal, for the lowest threshold crossed', stats('de', 19), stats('de', 8), [['translation-fell:Community Engagement:de:50:2026-11-21', 50, 40, 95]]],
    ['a language already below stays silent', stats('de', 17), stats('de', 16), []],
    ['a rise is not a fall', stats('de', 10), stats('de', 20), []],
  ])('fell below: %s', (_name, before, after, expected) => {
    const fell = signalsFor({ current: [after], previous: [before] }).filter((s) => s.type === 'translation-fell-below');
    expect(fell.map((s) => [s.key, s.data.threshold, s.data.percent, s.data.previousPercent])).toEqual(expected);
    expect(fell.every((s) => s.data.language === 'de' && s.page === PAGE)).toBe(true);
  });

  it('a language that lost every translation (no longer reported) still raises "fell below"', () => {
    const signals = signalsFor({ current: [stats('it', 0)], previous: [stats('it', 20)] });
    expect(signals.map((s) => [s.type, s.data])).toEqual([
      ['translation-fell-below', { language: 'it', percent: 0, previousPercent: 100, threshold: 50 }],
    ]);
  });

  it.each([
    [3, 4, [`translation-outdated:${PAGE}:fr:4`]],
    [3, 3, []],
    [0, 1, [`translation-outdated:${PAGE}:fr:1`]],
  ])('outdated units: threshold %i, %i outdated', (threshold, fuzzy, keys) => {
    const signals = signalsFor({ current: [stats('fr', 10, fuzzy)], thresholds: { outdatedUnits: threshold } });
    expect(signals.map((s) => s.key)).toEqual(keys);
    expect(signals.map((s) => s.data)).toEqual(keys.map(() => ({ language: 'fr', outdated: fuzzy, threshold })));
  });
});
