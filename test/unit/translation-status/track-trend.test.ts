import type { TranslationSnapshotRow } from '../../../tasks/translation-status/ledger';
import type { LanguageStats } from '../../../tasks/translation-status/read-stats';
import { chooseBaseline, sameFigures, type TrendState } from '../../../tasks/translation-status/track-trend';

function stats(code: string, translated: number, fuzzy = 0, total = 9): LanguageStats {
  return { code, total, translated, fuzzy, proofread: 0 };
}

function snapshot(takenAt: string, rows: LanguageStats[]): TranslationSnapshotRow[] {
  return rows.map(({ code, ...rest }) => ({ page: 'P', language: code, ...rest, takenAt }));
}

describe('sameFigures', () => {
  it.each([
    ['identical', [stats('de', 7, 2)], [stats('de', 7, 2)], true],
    ['a missing language counts as nothing translated', [stats('de', 7), stats('ru', 0)], [stats('de', 7)], true],
    ['one more unit translated', [stats('de', 8)], [stats('de', 7)], false],
    ['an outdated unit fixed', [stats('de', 7, 1)], [stats('de', 7, 2)], false],
    ['new units on the source page (total changed)', [stats('de', 7, 0, 10)], [stats('de', 7, 0, 9)], false],
    ['a new language', [stats('de', 7), stats('it', 2)], [stats('de', 7)], false],
  ])('%s', (_name, a, b, expected) => {
    expect(sameFigures(a, b)).toBe(expected);
    expect(sameFigures(b, a)).toBe(expected);
  });
});

describe('chooseBaseline', () => {
  const day1 = snapshot('2026-11-20T05:30:00.000Z', [stats('de', 7, 2)]);
  const stored: TrendState = { baseline: { takenAt: '2026-11-19T05:30:00.000Z', languages: [stats('de', 5)] } };

  it('has nothing to compare with on the first run', () => {
    expect(chooseBaseline([stats('de', 7, 2)], [], undefined)).toEqual({ baseline: null, changed: false });
  });

  it('compares with the previous run when the figures changed, and stores that comparison', () => {
    const choice = chooseBaseline([stats('de', 9)], day1, stored);
    const baseline = { takenAt: '2026-11-20T05:30:00.000Z', languages: [stats('de', 7, 2)] };
    expect(choice).toEqual({ baseline, changed: true, newState: { baseline } });
  });

  it('keeps the stored comparison while the figures stay the same (so the report does not change on its own)', () => {
    expect(chooseBaseline([stats('de', 7, 2)], day1, stored)).toEqual({ baseline: stored.baseline, changed: false });
  });
});
