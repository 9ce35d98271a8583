// translation-status against the real local MediaWiki and its real Translate extension. Two cases the
// real wiki cannot produce on demand (statistics while Translate rebuilds its cache, a wiki without
// Translate) go through the replay server, which answers them from real recordings.
import type { Config } from '../../src/config/schema';
import { runTask } from '../../src/core/run-task';
import type { PlannedChange } from '../../src/core/planned-change';
import type { Runtime } from '../../src/runtime';
import type { WikiClient } from '../../src/wiki/client';
import { registeredTasks } from '../../tasks';
import { translationStatusTask } from '../../tasks/translation-status';
import { translationStatusSettings } from '../../tasks/translation-status/settings';
import { connectAs, currentRevId, humanEdit, markForTranslation, openTestRuntime, pageText, runJobs, testConfig, uniquePrefix } from '../support/local-wiki';
import { RECORDED_GROUP, startTranslateReplay, type TranslateReplay } from '../support/translate-replay';
import { latestSnapshots } from '../../tasks/translation-status/ledger';

const PAGE = 'Sample translatable page';

let replay: TranslateReplay;
let editor: WikiClient;
let admin: WikiClient;

beforeAll(async () => {
  replay = await startTranslateReplay();
  editor = await connectAs('editor');
  admin = await connectAs('admin');
});

afterAll(async () => {
  await replay.close();
});

function configFor(settings: Record<string, unknown>): Config {
  return testConfig(registeredTasks, (c) => ({
    ...c,
    tasks: {
      ...c.tasks,
      'translation-status': { ...c.tasks['translation-status'], settings: translationStatusSettings.parse(settings) },
    },
  }));
}

/** A runtime on the real wiki, or through the replay server (`viaReplay`). */
async function withRuntime<T>(config: Config, body: (runtime: Runtime) => Promise<T>, viaReplay = false): Promise<T> {
  const runtime = await openTestRuntime({ tasks: registeredTasks, apiUrl: viaReplay ? replay.apiUrl : undefined, config });
  try {
    return await body(runtime);
  } finally {
    runtime.close();
  }
}

function run(runtime: Runtime, dryRun = false, onPlanned?: (changes: readonly PlannedChange[]) => void) {
  return runTask(
    { wiki: runtime.wiki, ledger: runtime.ledger, config: runtime.config, log: runtime.log, clock: () => new Date(), onPlanned },
    { task: translationStatusTask, trigger: 'cli', dryRun },
  );
}

/** The report page's revisions, oldest first, as the wiki records them. */
async function revisions(title: string): Promise<Array<{ revid: number; user: string; comment: string }>> {
  const response = await editor.query({ prop: 'revisions', titles: title, rvprop: 'ids|user|comment', rvlimit: 50, rvdir: 'newer' });
  return response.query.pages[0].revisions ?? [];
}

/** A translatable page of four units (plus its title) made and marked for translation by the admin. */
async function makeTranslatablePage(title: string): Promise<void> {
  const source = [
    '<languages/>',
    '<translate>',
    '== Translation test ==',
    '',
    'This page is translated in the tests.',
    '',
    'It has four units.',
    '',
    'The last unit.',
    '</translate>',
  ].join('\n');
  await humanEdit(admin, title, source, 'a page to translate');
  await markForTranslation(admin, title);
}

/** Saves translations of units (`Page display title` is the title's unit), as a translator does in Special:Translate. */
async function translate(page: string, language: string, units: Record<string, string>): Promise<void> {
  for (const [unit, text] of Object.entries(units)) {
    await humanEdit(editor, `Translations:${page}/${unit}/${language}`, text, 'translation');
  }
}

const row = (code: string, percent: number) => `| {{#language:${code}|en}} <small>''(priority)''</small> || ${code} || data-sort-value="${percent}" |`;

describe('translation-status against the real Translate', () => {
  it('writes the report, adds trend arrows when translators or a re-marking change the figures, makes no edit when they do not, and records signals', async () => {
    const prefix = uniquePrefix('translation-status');
    const reportTitle = `${prefix}Translation status`;
    const page = `${prefix}Translated page`;
    const neverMarked = `${prefix}Never marked`;
    await makeTranslatablePage(page);
    await translate(page, 'de', {
      'Page display title': 'Übersetzungstest',
      1: '== Übersetzungstest ==',
      2: 'Diese Seite wird in den Tests übersetzt.',
      3: 'Sie hat vier Einheiten.',
      4: 'Die letzte Einheit.',
    });
    await translate(page, 'fr', { 'Page display title': 'Test de traduction', 1: '== Test de traduction ==' });
    runJobs();
    const config = configFor({ reportPage: reportTitle, pages: [page, neverMarked], priorityLanguages: ['de', 'fr', 'it', 'ru'], retryDelayMs: 10 });
    await withRuntime(config, async (runtime) => {
      const planned: PlannedChange[] = [];
      await run(runtime, true, (changes) => planned.push(...changes));
      const first = await run(runtime);
      expect(first.outcomes.map((o) => [o.title, o.status])).toEqual([[reportTitle, 'created']]);
      const firstText = await pageText(editor, reportTitle);
      expect(planned.map((c) => c.title)).toEqual([reportTitle]);
      expect(firstText).toBe(planned[0].newText);
      expect(firstText).toContain('5 translation units, source language {{#language:en|en}}');
      expect(firstText).toContain(row('de', 100));
      expect(firstText).toContain(row('fr', 40));
      expect(firstText).toContain(`== [[:${neverMarked}]] ==\n''Not marked for translation.''`);
      expect(firstText).not.toContain('▲');
      expect(runtime.ledger.openSignals().map((s) => s.key).sort()).toEqual(
        ['fr', 'it', 'ru'].map((lang) => `translation-below:${page}:${lang}:50`),
      );

      await translate(page, 'fr', { 2: 'Cette page est traduite dans les tests.' });
      await translate(page, 'it', { 1: '== Prova di traduzione ==' });
      runJobs();
      const later = await run(runtime);
      expect(later.outcomes.map((o) => o.status)).toEqual(['edited']);
      const laterText = await pageText(editor, reportTitle);
      expect(laterText).toMatch(/\| \{\{#language:fr\|en\}\} <small>''\(priority\)''<\/small> \|\| fr \|\| .* 60% \|\| 0 \|\| 0 \|\| data-sort-value="20" \| <span style="color:#14866d">▲ 20<\/span>/);
      expect(laterText).toContain(row('it', 20));
      const afterLater = await currentRevId(editor, reportTitle);

      const same = await run(runtime);
      expect(same.outcomes.map((o) => [o.status, o.reason])).toEqual([['unchanged', 'already up to date']]);
      expect(await currentRevId(editor, reportTitle)).toBe(afterLater);

      // The source's unit 2 changes and is marked again: its translations become outdated.
      const source = (await pageText(admin, page)) ?? '';
      await humanEdit(admin, page, source.replace('translated in the tests.', 'translated in the tests, and changed.'), 'unit 2 changed');
      await markForTranslation(admin, page);
      runJobs();
      const regressed = await run(runtime);
      expect(regressed.outcomes.map((o) => o.status)).toEqual(['edited']);
      expect(await pageText(editor, reportTitle)).toContain('data-sort-value="-20" | <span style="color:#d33">▼ 20</span>');
      const today = regressed.startedAt.slice(0, 10);
      expect(runtime.ledger.openSignals(['translation-fell-below']).map((s) => [s.key, s.data])).toEqual([
        [`translation-fell:${page}:de:90:${today}`, { language: 'de', percent: 80, previousPercent: 100, threshold: 90 }],
        [`translation-fell:${page}:fr:50:${today}`, { language: 'fr', percent: 40, previousPercent: 60, threshold: 50 }],
      ]);
      expect((latestSnapshots(runtime.ledger, [page]).get(page) ?? []).map((r) => [r.language, r.translated, r.fuzzy])).toEqual([
        ['de', 4, 1],
        ['fr', 2, 1],
        ['it', 1, 0],
        ['ru', 0, 0],
      ]);
    });

    const history = await revisions(reportTitle);
    expect(history.map((r) => r.user)).toEqual(['DeptBot', 'DeptBot', 'DeptBot']);
    expect(history[1].comment).toContain(`Translation status: ${page}: fr 60% ▲20, it 20% ▲20`);
    expect(history[2].comment).toContain(`Translation status: ${page}: de 80% ▼20, fr 40% ▼20`);
  });

  it('reports the seeded pages as Translate counts them: the Russian page partial, the Chinese one at 4 % with an outdated unit', async () => {
    const prefix = uniquePrefix('translation-status');
    const reportTitle = `${prefix}Translation status`;
    const config = configFor({ reportPage: reportTitle, pages: ['Community Engagement', 'Movement communications insights'], priorityLanguages: ['ru', 'zh'] });
    await withRuntime(config, async (runtime) => {
      const report = await run(runtime);
      expect(report.outcomes.map((o) => o.status)).toEqual(['created']);
      const text = await pageText(editor, reportTitle);
      expect(text).toContain(row('ru', 41));
      expect(text).toMatch(/\| \{\{#language:zh\|en\}\} <small>''\(priority\)''<\/small> \|\| zh \|\| data-sort-value="4" \| .* 4% \|\| 1 \|\|/);
    });
  });

  it('waits and retries a bounded number of times while the stats cache is rebuilt, then reports "stats incomplete"', async () => {
    const prefix = uniquePrefix('translation-status');
    const reportTitle = `${prefix}Translation status`;
    const config = configFor({ reportPage: reportTitle, pages: [PAGE], statsRetries: 2, retryDelayMs: 150 });
    await withRuntime(config, async (runtime) => {
      replay.setState('after-mark-before-jobs');
      const seen = replay.replayed.length;

      const report = await run(runtime);

      const stats = replay.replayed.slice(seen).filter((r) => r.module === 'messagegroupstats');
      expect(stats.map((r) => [r.params.mgsgroup, r.params.mgsoffset])).toEqual([
        [RECORDED_GROUP, undefined],
        [RECORDED_GROUP, 'aa'],
        [RECORDED_GROUP, 'aa'],
      ]);
      expect(stats[1].at - stats[0].at).toBeGreaterThanOrEqual(140);
      expect(stats[2].at - stats[1].at).toBeGreaterThanOrEqual(140);
      expect(report.outcomes.map((o) => o.status)).toEqual(['created']);
      const text = await pageText(editor, reportTitle);
      expect(text).toContain(`== [[:${PAGE}]] ==\n''Statistics incomplete.''`);
      expect(text).not.toContain('wikitable');
      expect(latestSnapshots(runtime.ledger, [PAGE]).has(PAGE)).toBe(false);
      expect(runtime.ledger.openSignals()).toEqual([]);
    }, true);
  });

  it('on a wiki without Translate, says so and edits nothing', async () => {
    const prefix = uniquePrefix('translation-status');
    const reportTitle = `${prefix}Translation status`;
    replay.setTranslateInstalled(false);
    try {
      await withRuntime(configFor({ reportPage: reportTitle, pages: [PAGE] }), async (runtime) => {
        const report = await run(runtime);

        expect(report.result).toBe('ok');
        expect(report.outcomes).toEqual([
          expect.objectContaining({ title: reportTitle, status: 'skipped', reason: expect.stringContaining('has no Translate extension') }),
        ]);
        expect(report.notes).toEqual([expect.stringContaining('has no Translate extension')]);
        expect(runtime.ledger.openSignals()).toEqual([]);
      }, true);
      expect(await pageText(editor, reportTitle)).toBeNull();
    } finally {
      replay.setTranslateInstalled(true);
    }
  });

  it('in dry-run plans the report and records nothing', async () => {
    const prefix = uniquePrefix('translation-status');
    const reportTitle = `${prefix}Translation status`;
    const seeded = 'Movement communications insights';
    await withRuntime(configFor({ reportPage: reportTitle, pages: [seeded], priorityLanguages: ['ru'] }), async (runtime) => {
      const planned: PlannedChange[] = [];
      const report = await run(runtime, true, (changes) => planned.push(...changes));

      expect(report.outcomes.map((o) => o.status)).toEqual(['planned']);
      expect(planned[0].newText).toContain('{{#language:ru|en}}');
      expect(planned[0].newText).toContain('{{#language:zh|en}}');
      expect(latestSnapshots(runtime.ledger, [seeded]).has(seeded)).toBe(false);
      expect(runtime.ledger.openSignals()).toEqual([]);
    });
    expect(await pageText(editor, reportTitle)).toBeNull();
  });
});
