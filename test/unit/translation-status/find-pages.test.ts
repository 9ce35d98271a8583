import { parseConfig } from '../../../src/config/load-config';
import { normaliseTitle } from '../../../src/core/title';
import { discoverPages, watchedPages } from '../../../tasks/translation-status/find-pages';
import { translationStatusTask } from '../../../tasks/translation-status';
import { recordedWiki } from './recorded-wiki';

describe('which pages are watched', () => {
  it.each([
    ['Sample_translatable_page', 'Sample translatable page'],
    ['  community  Engagement ', 'Community Engagement'],
  ])('normalises %j to %j', (raw, title) => {
    expect(normaliseTitle(raw)).toBe(title);
  });

  it('lists configured pages first, then discovered ones alphabetically, each once', () => {
    expect(watchedPages(['Movement communications insights', 'Community_Engagement'], ['Community Engagement/Priorities', 'Community Engagement', 'Community Engagement/Annual plan'])).toEqual([
      'Movement communications insights',
      'Community Engagement',
      'Community Engagement/Annual plan',
      'Community Engagement/Priorities',
    ]);
  });

  it('lists discovered pages in code point order, as the wiki lists titles (a character above U+FFFF after U+FF21)', () => {
    expect(watchedPages([], ['Notes/\u{1F600}', 'Notes/\uFF21', 'Notes/Z', 'Notes/a'])).toEqual(['Notes/Z', 'Notes/a', 'Notes/\uFF21', 'Notes/\u{1F600}']);
  });

  it.each([
    [['Sample'], ['Sample translatable page']],
    [['sample translatable'], ['Sample translatable page']],
    [['Community Engagement'], []],
    [[], []],
  ])('discovers the recorded group for prefixes %j', async (prefixes, expected) => {
    const wiki = recordedWiki();

    await expect(discoverPages(wiki, prefixes)).resolves.toEqual(expected);
    expect(wiki.requests).toHaveLength(prefixes.length ? 1 : 0);
  });
});

describe('settings', () => {
  const base = { wiki: { userAgent: 'deptbot-test (test@example.org)' }, bot: {}, safety: { allow: [{ namespace: 0 }], shutoffPage: 'User:DeptBot/Shutoff' }, ledger: { path: ':memory:' }, log: {} };
  const configWith = (settings: Record<string, unknown>) =>
    parseConfig({ ...base, tasks: { 'translation-status': { settings } } }, [translationStatusTask]);

  it('fills in the defaults', () => {
    expect(configWith({}).tasks['translation-status'].settings).toEqual({
      reportPage: 'User:DeptBot/Translation status',
      pages: [],
      discoverPrefixes: [],
      priorityLanguages: [],
      thresholds: { priorityPercent: 50, priorityPercentByLanguage: {}, fellBelowPercents: [90, 50], outdatedUnits: 3 },
      statsRetries: 3,
      retryDelayMs: 10000,
    });
  });

  it.each([
    [{ priorityLanguages: ['German'] }, 'tasks.translation-status.settings.priorityLanguages[0]: expected a language code'],
    [{ thresholds: { priorityPercent: 120 } }, 'tasks.translation-status.settings.thresholds.priorityPercent'],
    [{ priorityLanguages: ['de'], thresholds: { priorityPercentByLanguage: { fr: 80 } } }, '"fr" is not one of priorityLanguages (de)'],
    [{ page: ['Typo'] }, 'tasks.translation-status.settings'],
  ])('refuses %j, naming the setting', (settings, message) => {
    expect(() => configWith(settings)).toThrow(message);
  });
});
