// translation-status against the real local MediaWiki, with Translate's API modules answered by the
// replay server from real recordings (the local wiki has no Translate) and everything else forwarded.
import type { Config } from '../../src/config/schema';
import { runTask } from '../../src/core/run-task';
import type { PlannedChange } from '../../src/core/planned-change';
import type { Runtime } from '../../src/runtime';
import type { WikiClient } from '../../src/wiki/client';
import { registeredTasks } from '../../tasks';
import { translationStatusTask } from '../../tasks/translation-status';
import { translationStatusSettings } from '../../tasks/translation-status/settings';
import { connectAs, currentRevId, openTestRuntime, pageText, testConfig, uniquePrefix } from '../support/local-wiki';
import { RECORDED_GROUP, startTranslateReplay, type TranslateReplay } from '../support/translate-replay';

const PAGE = 'Sample translatable page';

let replay: TranslateReplay;
let editor: WikiClient;

beforeAll(async () => {
  replay = await startTranslateReplay();
  editor = await connectAs('editor');
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

async function withRuntime<T>(config: Config, body: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openTestRuntime({ tasks: registeredTasks, apiUrl: replay.apiUrl, config });
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

describe('translation-status through the Translate replay', () => {
  it('writes the report, adds trend arrows when the figures change, makes no edit when they do not, and records signals', async () => {
    const prefix = uniquePrefix('translation-status');
    const reportTitle = `${prefix}Translation status`;
    const neverMarked = `${prefix}Never marked`;
    const config = configFor({
      reportPage: reportTitle,
      pages: [PAGE, neverMarked],
      priorityLanguages: ['es', 'fr', 'de', 'ru', 'zh', 'ar'],
      retryDelayMs: 10,
    });
    await withRuntime(config, async (runtime) => {
      replay.setState('first');
      const planned: PlannedChange[] = [];
      await run(runtime, true, (changes) => planned.push(...changes));
      const first = await run(runtime);
      expect(first.outcomes.map((o) => [o.title, o.status])).toEqual([[reportTitle, 'created']]);
      const firstText = await pageText(editor, reportTitle);
      expect(planned.map((c) => c.title)).toEqual([reportTitle]);
      expect(firstText).toBe(planned[0].newText);
      expect(firstText).toContain('| {{#language:de|en}} <small>\'\'(priority)\'\'</small> || de || data-sort-value="78" |');
      expect(firstText).toContain(`== [[:${neverMarked}]] ==\n''Not marked for translation.''`);
      expect(firstText).not.toContain('▲');
      expect(runtime.ledger.openSignals().map((s) => s.key)).toEqual(
        ['fr', 'ar', 'ru', 'zh'].map((lang) => `translation-below:${PAGE}:${lang}:50`),
      );

      replay.setState('later');
      const later = await run(runtime);
      expect(later.outcomes.map((o) => o.status)).toEqual(['edited']);
      const laterText = await pageText(editor, reportTitle);
      expect(laterText).toContain('| {{#language:de|en}} <small>\'\'(priority)\'\'</small> || de || data-sort-value="100" |');
      expect(laterText).toMatch(/\| \{\{#language:it\|en\}\} \|\| it \|\| .* 22% \|\| 0 \|\| 0 \|\| data-sort-value="22" \| <span style="color:#14866d">▲ 22<\/span>/);
      const afterLater = await currentRevId(editor, reportTitle);

      const same = await run(runtime);
      expect(same.outcomes.map((o) => [o.status, o.reason])).toEqual([['unchanged', 'already up to date']]);
      expect(await currentRevId(editor, reportTitle)).toBe(afterLater);

      replay.setState('regressed');
      const regressed = await run(runtime);
      expect(regressed.outcomes.map((o) => o.status)).toEqual(['edited']);
      expect(await pageText(editor, reportTitle)).toContain('data-sort-value="-11" | <span style="color:#d33">▼ 11</span>');
      const today = regressed.startedAt.slice(0, 10);
      expect(runtime.ledger.openSignals(['translation-fell-below']).map((s) => [s.key, s.page, s.sourceTask, s.data])).toEqual([
        [`translation-fell:${PAGE}:de:90:${today}`, PAGE, 'translation-status', { language: 'de', percent: 89, previousPercent: 100, threshold: 90 }],
        [`translation-fell:${PAGE}:es:90:${today}`, PAGE, 'translation-status', { language: 'es', percent: 89, previousPercent: 100, threshold: 90 }],
      ]);
      expect(runtime.ledger.latestSnapshot(PAGE).map((r) => [r.language, r.translated, r.fuzzy])).toEqual([
        ['ar', 0, 0],
        ['de', 8, 1],
        ['es', 8, 1],
        ['fr', 6, 0],
        ['it', 2, 0],
        ['ru', 0, 0],
        ['zh', 0, 0],
      ]);
    });

    const history = await revisions(reportTitle);
    expect(history.map((r) => r.user)).toEqual(['DeptBot', 'DeptBot', 'DeptBot']);
    expect(history[1].comment).toContain('Translation status: Sample translatable page: de 100% ▲22, fr 67% ▲23, it 22% ▲22');
    expect(history[2].comment).toContain('Translation status: Sample translatable page: de 89% ▼11, es 89% ▼11');
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
      expect(runtime.ledger.latestSnapshot(PAGE)).toEqual([]);
      expect(runtime.ledger.openSignals()).toEqual([]);
    });
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
      });
      expect(await pageText(editor, reportTitle)).toBeNull();
    } finally {
      replay.setTranslateInstalled(true);
    }
  });

  it('in dry-run plans the report and records nothing', async () => {
    const prefix = uniquePrefix('translation-status');
    const reportTitle = `${prefix}Translation status`;
    await withRuntime(configFor({ reportPage: reportTitle, pages: [PAGE], priorityLanguages: ['ru'] }), async (runtime) => {
      replay.setState('first');
      const planned: PlannedChange[] = [];
      const report = await run(runtime, true, (changes) => planned.push(...changes));

      expect(report.outcomes.map((o) => o.status)).toEqual(['planned']);
      expect(planned[0].newText).toContain('{{#language:ru|en}}');
      expect(runtime.ledger.latestSnapshot(PAGE)).toEqual([]);
      expect(runtime.ledger.openSignals()).toEqual([]);
    });
    expect(await pageText(editor, reportTitle)).toBeNull();
  });
});
