// The task end to end on the recorded Translate answers: plan, evaluate the edit as the writer
// does, record what the plan asks the ledger to keep, and compare the report with golden files.
// UPDATE_GOLDEN=1 rewrites the golden files (review the diff before committing them).
import fs from 'node:fs';
import path from 'node:path';
import { evaluateEdit, type ChangeRules } from '../../../src/core/planned-change';
import { PAGES_PER_PART, type EditAction, type TaskPlan } from '../../../src/core/task';
import { Ledger } from '../../../src/ledger/ledger';
import type { PageState } from '../../../src/wiki/client';
import { translationStatusTask } from '../../../tasks/translation-status';
import { translationStatusSettings, type TranslationStatusSettings } from '../../../tasks/translation-status/settings';
import { collectPlan } from '../../support/collect-plan';
import { memoryLogger } from '../../support/local-wiki';
import type { TranslateState } from '../../support/translate-replay';
import { recordedWiki, type RecordedWiki } from './recorded-wiki';
import { latestSnapshots } from '../../../tasks/translation-status/ledger';
import { registeredTaskLedgers } from '../../../tasks';

const goldenDir = path.join(__dirname, '..', '..', 'golden', 'translation-status');
const REPORT = 'User:DeptBot/Translation status';
const PAGE = 'Sample translatable page';
const rules: ChangeRules = { taskName: 'translation-status', botName: 'DeptBot', allow: [{ prefix: 'User:DeptBot/' }], docsPage: 'User:DeptBot/Tasks' };

function readGolden(name: string): string {
  return fs.readFileSync(path.join(goldenDir, name), 'utf8');
}

function expectGolden(name: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(path.join(goldenDir, name), actual);
  expect(actual).toEqual(readGolden(name));
}

function settingsWith(overrides: Record<string, unknown> = {}): TranslationStatusSettings {
  return translationStatusSettings.parse({
    reportPage: REPORT,
    pages: [PAGE, 'Never marked page'],
    priorityLanguages: ['es', 'fr', 'de', 'ru', 'zh', 'ar'],
    statsRetries: 1,
    retryDelayMs: 0,
    ...overrides,
  });
}

function reportPage(text: string | null): PageState {
  return {
    title: REPORT,
    namespace: 2,
    exists: text !== null,
    revId: text === null ? null : 100,
    timestamp: text === null ? null : '2026-11-01T00:00:00Z',
    lastEditor: 'DeptBot',
    text,
    contentModel: 'wikitext',
    isRedirect: false,
    protection: [],
  };
}

interface Harness {
  wiki: RecordedWiki;
  ledger: Ledger;
  /** The report page as the wiki would hold it after the runs so far (null: missing). */
  text: string | null;
}

function harness(text: string | null = null): Harness {
  return { wiki: recordedWiki(), ledger: Ledger.open(':memory:', registeredTaskLedgers), text };
}

/** One applied run on `day` (YYYY-MM-DD): the edit is "saved" when the writer would save it. */
async function run(h: Harness, state: TranslateState, day: string, settings = settingsWith()) {
  h.wiki.recordings.setState(state);
  const now = new Date(`${day}T05:30:00Z`);
  const runId = h.ledger.startRun('translation-status', 'schedule', false, now);
  const plan: TaskPlan = await collectPlan(
    translationStatusTask.plan({
      now,
      settings,
      wiki: h.wiki,
      ledger: h.ledger,
      log: memoryLogger().log,
      taskName: 'translation-status',
      botName: 'DeptBot',
      pagesPerPart: PAGES_PER_PART,
    }),
  );
  const evaluation = evaluateEdit(plan.actions[0] as EditAction, reportPage(h.text), rules);
  if ('change' in evaluation) h.text = evaluation.change.newText;
  h.ledger.recordAll(runId, 'translation-status', now, plan.records ?? []);
  return { plan, evaluation };
}

/** A run whose report must match the golden file, then an identical run the next day that the writer finds up to date. */
async function runTwice(h: Harness, state: TranslateState, days: [string, string], golden: string) {
  const result = await run(h, state, days[0]);
  expectGolden(golden, h.text!);
  const again = await run(h, state, days[1]);
  expect(again.evaluation).toEqual({ outcome: expect.objectContaining({ status: 'unchanged', reason: 'already up to date' }) });
  return result;
}

function signalKeys(ledger: Ledger): string[] {
  return ledger.openSignals().map((s) => s.key);
}

describe('translation-status report on the recorded states', () => {
  it('renders the first run, then trend arrows after each change, and makes no edit when nothing changed', async () => {
    const h = harness();

    const first = await runTwice(h, 'first', ['2026-11-20', '2026-11-21'], 'first-run.after.wikitext');
    expect('change' in first.evaluation && first.evaluation.change.baseRevId).toBeNull(); // creates the page

    const later = await runTwice(h, 'later', ['2026-11-22', '2026-11-23'], 'later-run.after.wikitext');
    expect('change' in later.evaluation && later.evaluation.change.summary).toBe(
      'Translation status: Sample translatable page: de 100% ▲22, fr 67% ▲23, it 22% ▲22 ([[User:DeptBot/Tasks#translation-status|deptbot translation-status]])',
    );

    await runTwice(h, 'regressed', ['2026-11-24', '2026-11-25'], 'regressed-run.after.wikitext');
  });

  it('keeps a snapshot of the reported languages per run, and signals each occurrence once', async () => {
    const h = harness();

    await run(h, 'first', '2026-11-20');
    expect((latestSnapshots(h.ledger, [PAGE]).get(PAGE) ?? []).map((r) => [r.language, r.translated, r.fuzzy])).toEqual([
      ['ar', 0, 0],
      ['de', 7, 2],
      ['es', 9, 0],
      ['fr', 4, 0],
      ['ru', 0, 0],
      ['zh', 0, 0],
    ]);
    const belowAfterFirst = [
      `translation-below:${PAGE}:fr:50`,
      `translation-below:${PAGE}:ar:50`,
      `translation-below:${PAGE}:ru:50`,
      `translation-below:${PAGE}:zh:50`,
    ];
    expect(signalKeys(h.ledger)).toEqual(belowAfterFirst);
    expect(h.ledger.openSignals()[0]).toEqual(
      expect.objectContaining({ type: 'translation-below-threshold', page: PAGE, data: { language: 'fr', percent: 44, threshold: 50 } }),
    );

    await run(h, 'first', '2026-11-21');
    await run(h, 'later', '2026-11-22');
    expect(signalKeys(h.ledger)).toEqual(belowAfterFirst);
    expect((latestSnapshots(h.ledger, [PAGE]).get(PAGE) ?? []).find((r) => r.language === 'it')).toEqual(expect.objectContaining({ translated: 2 }));

    await run(h, 'regressed', '2026-11-24');
    const fell = h.ledger.openSignals(['translation-fell-below']);
    expect(fell.map((s) => [s.key, s.data])).toEqual([
      [`translation-fell:${PAGE}:de:90:2026-11-24`, { language: 'de', percent: 89, previousPercent: 100, threshold: 90 }],
      [`translation-fell:${PAGE}:es:90:2026-11-24`, { language: 'es', percent: 89, previousPercent: 100, threshold: 90 }],
    ]);
  });

  it('updates only its region on a page editors already use', async () => {
    const h = harness(readGolden('existing-page.before.wikitext'));

    await runTwice(h, 'later', ['2026-11-22', '2026-11-23'], 'existing-page.after.wikitext');
  });

  it('reports a page whose statistics are still being rebuilt as incomplete, with no snapshot and no signal', async () => {
    const h = harness();

    const { plan } = await run(h, 'after-mark-before-jobs', '2026-11-20');

    expectGolden('stats-incomplete.after.wikitext', h.text!);
    expect(latestSnapshots(h.ledger, [PAGE]).has(PAGE)).toBe(false);
    expect(h.ledger.openSignals()).toEqual([]);
    expect(plan.notes).toEqual([
      `"${PAGE}": statistics incomplete after 2 attempts (Translate is rebuilding its cache); reported as incomplete, not as 0%`,
      '"Never marked page" is not marked for translation (no message group page-Never marked page)',
    ]);
  });

  it('with --page limits its reads and records to that page', async () => {
    const h = harness();
    h.wiki.recordings.setState('first');
    const now = new Date('2026-11-20T05:30:00Z');

    const plan = await collectPlan(
      translationStatusTask.plan({
        now,
        settings: settingsWith(),
        wiki: h.wiki,
        ledger: h.ledger,
        log: memoryLogger().log,
        taskName: 'translation-status',
        botName: 'DeptBot',
        onlyPage: 'Sample_translatable_page',
        pagesPerPart: PAGES_PER_PART,
      }),
    );

    expect(h.wiki.requests.filter((r) => r.meta === 'messagegroupstats').map((r) => r.mgsgroup)).toEqual([`page-${PAGE}`]);
    expect(new Set((plan.records ?? []).map((r) => (r.kind === 'signal' ? r.signal.page : r.kind === 'translation-snapshot' ? r.snapshot.page : r.kind)))).toEqual(
      new Set([PAGE]),
    );
  });
});
