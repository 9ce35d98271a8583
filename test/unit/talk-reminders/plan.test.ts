// plan() against a wiki answering from memory, for what the local wiki cannot show: talk pages in
// another page language, a schedule file that is missing, and how many requests a run costs.
import fs from 'node:fs';
import type { ApiParams } from 'mwn';
import { PAGES_PER_PART, type NewSectionAction, type TaskPlan } from '../../../src/core/task';
import { Ledger } from '../../../src/ledger/ledger';
import type { SignalInput } from '../../../src/ledger/records';
import type { ApiResponse, PageState, WikiReader } from '../../../src/wiki/client';
import { talkRemindersTask } from '../../../tasks/talk-reminders';
import { talkRemindersSettings } from '../../../tasks/talk-reminders/settings';
import { collectPlan } from '../../support/collect-plan';
import { memoryLogger, tempFile } from '../../support/local-wiki';
import { siteInfoWith } from '../../support/site-info';

interface MemoryPage {
  text: string;
  language?: string;
}

/** Talk pages in memory, answering the one query the task makes (the batched talk-page read); its namespaces as read at connect. */
class MemoryWiki implements WikiReader {
  readonly userName = 'DeptBot';
  readonly apiUrl = 'memory://wiki';
  readonly titlesPerRequest = 50;
  readonly rights: ReadonlySet<string> = new Set(['edit', 'editsemiprotected']);
  readonly requests: ApiParams[] = [];
  readonly siteInfo = siteInfoWith({ namespaces: [{ id: 0, name: '', aliases: [] }, { id: 1, name: 'Talk', canonical: 'Talk', aliases: [] }] });

  constructor(private readonly pages: Record<string, MemoryPage>) {}

  async readPages(): Promise<Map<string, PageState>> {
    throw new Error('the task reads talk pages with its own batched query');
  }

  async query(params: ApiParams): Promise<ApiResponse> {
    this.requests.push(params);
    const titles = params.titles as string[];
    return {
      query: {
        pages: titles.map((title) => {
          const page = this.pages[title];
          return page
            ? { ns: 1, title, pagelanguage: page.language ?? 'en', protection: [], revisions: [{ revid: 1, slots: { main: { content: page.text } } }] }
            : { ns: 1, title, missing: true, pagelanguage: 'en', protection: [] };
        }),
      },
    };
  }

  async *queryAll(params: ApiParams): AsyncGenerator<ApiResponse> {
    yield await this.query(params);
  }
}

const NOW = new Date('2026-11-21T12:00:00Z');

function bannerSignal(page: string, revision = 10): SignalInput {
  return { type: 'banner-removed', page, key: `banner-removed:${page}:${revision}`, data: { template: 'Historical', addedInRevision: revision } };
}

function ledgerWith(signals: SignalInput[]): Ledger {
  const ledger = Ledger.open(':memory:');
  const runId = ledger.startRun('historical-banner', 'cli', false, NOW);
  ledger.recordAll(runId, 'historical-banner', NOW, signals.map((signal) => ({ kind: 'signal' as const, signal })));
  return ledger;
}

async function planWith(wiki: MemoryWiki, ledger: Ledger, settings: Record<string, unknown> = {}, onlyPage?: string): Promise<TaskPlan> {
  return collectPlan(talkRemindersTask.plan({
    now: NOW,
    settings: talkRemindersSettings.parse({ officeHours: { enabled: false }, ...settings }),
    wiki,
    ledger,
    log: memoryLogger().log,
    taskName: talkRemindersTask.name,
    botName: wiki.userName,
    pagesPerPart: PAGES_PER_PART,
    ...(onlyPage ? { onlyPage } : {}),
  }));
}

const posts = (plan: TaskPlan) => plan.actions.filter((a): a is NewSectionAction => a.kind === 'new-section');
const skips = (plan: TaskPlan) => plan.actions.flatMap((a) => (a.kind === 'skip' ? [[a.title, a.reason]] : []));

describe('talk-reminders plan', () => {
  it('asks the wiki nothing when nothing is due', async () => {
    const wiki = new MemoryWiki({});

    const plan = await planWith(wiki, ledgerWith([]));

    expect(plan).toEqual({ actions: [], records: [], notes: [], parts: 1 });
    expect(wiki.requests).toEqual([]);
  });

  it('reads every talk page in one request (the namespaces come from the siteinfo read at connect)', async () => {
    const wiki = new MemoryWiki({ 'Talk:A': { text: '' }, 'Talk:B': { text: '' } });

    const plan = await planWith(wiki, ledgerWith([bannerSignal('A'), bannerSignal('B'), bannerSignal('C')]));

    expect(posts(plan).map((p) => p.title)).toEqual(['Talk:A', 'Talk:B', 'Talk:C']);
    expect(wiki.requests.map((r) => r.meta ?? r.titles)).toEqual([['Talk:A', 'Talk:B', 'Talk:C']]);
  });

  it('writes in the talk page\'s language when the message has a variant for it', async () => {
    const wiki = new MemoryWiki({ 'Talk:A/de': { text: '', language: 'de' }, 'Talk:B': { text: '' } });
    const messages = {
      'banner-removed': {
        sectionTitle: 'Historical notice removed',
        body: 'The notice on [[{page}]] was removed.',
        languages: { de: { sectionTitle: 'Hinweis entfernt', body: 'Der Hinweis auf [[{page}]] wurde entfernt.' } },
      },
    };

    const plan = await planWith(wiki, ledgerWith([bannerSignal('A/de'), bannerSignal('B')]), { messages });

    expect(posts(plan).map((p) => [p.title, p.sectionTitle, p.body])).toEqual([
      ['Talk:A/de', 'Hinweis entfernt', 'Der Hinweis auf [[A/de]] wurde entfernt.'],
      ['Talk:B', 'Historical notice removed', 'The notice on [[B]] was removed.'],
    ]);
  });

  it('attaches the signal\'s closing record to the post, so it is written only when the post is saved', async () => {
    const wiki = new MemoryWiki({ 'Talk:A': { text: '' } });

    const plan = await planWith(wiki, ledgerWith([bannerSignal('A')]));

    expect(posts(plan)[0]).toEqual(
      expect.objectContaining({
        dedupeKey: 'reminder:banner-removed:A:10',
        summary: 'Reminder about [[A]]: the Historical notice was removed',
        records: [{ kind: 'signal-handled', key: 'banner-removed:A:10' }],
      }),
    );
    expect(plan.records).toEqual([]);
  });

  it('hands a reminder a crashed run posted (its marker is on the page) to the writer, which records it instead of posting', async () => {
    const wiki = new MemoryWiki({ 'Talk:A': { text: '== Historical notice removed ==\n…\n<!-- deptbot:reminder:banner-removed:A:10 --> [[User:DeptBot|DeptBot]]' } });

    const plan = await planWith(wiki, ledgerWith([bannerSignal('A')]));

    // The writer finds the marker (evaluateNewSection) and an applied run writes these records.
    expect(posts(plan)).toEqual([
      expect.objectContaining({ title: 'Talk:A', dedupeKey: 'reminder:banner-removed:A:10', records: [{ kind: 'signal-handled', key: 'banner-removed:A:10' }] }),
    ]);
    expect(skips(plan)).toEqual([]);
    expect(plan.records).toEqual([]);
  });

  it('counts a reminder found on its talk page against that page\'s frequency cap', async () => {
    const posted = '<!-- deptbot:reminder:banner-removed:A:10 --> [[User:DeptBot|DeptBot]]';
    const wiki = new MemoryWiki({ 'Talk:A': { text: posted } });

    const plan = await planWith(wiki, ledgerWith([bannerSignal('A'), bannerSignal('A', 11)]));

    expect(posts(plan).map((p) => p.dedupeKey)).toEqual(['reminder:banner-removed:A:10']);
    expect(skips(plan)).toEqual([['Talk:A', expect.stringContaining('frequency')]]);
  });

  it('counts the ledger\'s posts on a talk page within the frequency window only (7 days by default), and asks for none without a frequency cap', async () => {
    const ledger = ledgerWith([bannerSignal('A', 11), bannerSignal('B', 11)]);
    const runId = ledger.startRun('talk-reminders', 'cli', false, NOW);
    const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();
    ledger.recordReminder({ key: 'reminder:banner-removed:A:10', task: 'talk-reminders', talkPage: 'Talk:A', revId: 5, postedAt: daysAgo(8) }, runId);
    ledger.recordReminder({ key: 'reminder:banner-removed:B:10', task: 'talk-reminders', talkPage: 'Talk:B', revId: 6, postedAt: daysAgo(6) }, runId);
    const asked = jest.spyOn(ledger, 'remindersOnPagesSince');

    const plan = await planWith(new MemoryWiki({}), ledger);

    expect(posts(plan).map((p) => p.title)).toEqual(['Talk:A']);
    expect(skips(plan)).toEqual([['Talk:B', expect.stringContaining('held back by the frequency cap (1 per 7 days on "Talk:B")')]]);
    expect(asked).toHaveBeenCalledWith(['Talk:A', 'Talk:B'], new Date(daysAgo(7)));

    asked.mockClear();
    const uncapped = await planWith(new MemoryWiki({}), ledger, { frequency: { days: 0 } });
    expect(posts(uncapped).map((p) => p.title)).toEqual(['Talk:A', 'Talk:B']);
    expect(asked).not.toHaveBeenCalled();
  });

  it('closes the signal of a reminder the ledger knows was posted, without asking the wiki', async () => {
    const ledger = ledgerWith([bannerSignal('A')]);
    const runId = ledger.startRun('talk-reminders', 'cli', false, NOW);
    ledger.recordReminder({ key: 'reminder:banner-removed:A:10', task: 'talk-reminders', talkPage: 'Talk:A', revId: 5, postedAt: NOW.toISOString() }, runId);
    const wiki = new MemoryWiki({});

    const plan = await planWith(wiki, ledger);

    expect(plan).toEqual({ actions: [], records: [{ kind: 'signal-handled', key: 'banner-removed:A:10' }], notes: [], parts: 1 });
    expect(wiki.requests).toEqual([]);
  });

  it('holds back what is over the cap per run, with a reason and a note, oldest first', async () => {
    const wiki = new MemoryWiki({});
    const ledger = ledgerWith([bannerSignal('A')]);
    const later = ledger.startRun('historical-banner', 'cli', false, NOW);
    ledger.recordAll(later, 'historical-banner', new Date(NOW.getTime() + 1000), [
      { kind: 'signal', signal: bannerSignal('B') },
      { kind: 'signal', signal: bannerSignal('C') },
    ]);

    const plan = await planWith(wiki, ledger, { maxPostsPerRun: 2 });

    expect(posts(plan).map((p) => p.title)).toEqual(['Talk:A', 'Talk:B']);
    expect(skips(plan)).toEqual([['Talk:C', 'the Historical notice was removed: held back by the cap of 2 reminders per run; due again next run']]);
    expect(plan.notes).toEqual([
      '1 reminder(s) held back (0 by the frequency cap per talk page, 1 by the cap per run); they stay due and go out on a later run',
    ]);
  });

  it('spends the caps only on the talk page --page asks for', async () => {
    const wiki = new MemoryWiki({});

    const plan = await planWith(wiki, ledgerWith([bannerSignal('A'), bannerSignal('B')]), { maxPostsPerRun: 1 }, 'Talk:B');

    expect(posts(plan).map((p) => p.title)).toEqual(['Talk:B']);
    expect(plan.notes).toEqual([]);
  });

  it('reports a signal it cannot read and goes on with the others', async () => {
    const wiki = new MemoryWiki({});
    const broken: SignalInput = { type: 'translation-outdated', page: 'A', key: 'translation-outdated:A:zh:x', data: { language: 'zh' } };

    const plan = await planWith(wiki, ledgerWith([broken, bannerSignal('B')]));

    expect(posts(plan).map((p) => p.title)).toEqual(['Talk:B']);
    expect(skips(plan)).toEqual([
      [
        'A',
        'signal "translation-outdated:A:zh:x" (translation-outdated) has data this task cannot read: outdated: Invalid input: expected number, received undefined; threshold: Invalid input: expected number, received undefined',
      ],
    ]);
  });

  it('refuses settings whose schedule file cannot be read, naming the file', () => {
    const missing = tempFile('office-hours.yaml');
    expect(() => talkRemindersSettings.parse({ officeHours: { scheduleFile: missing } })).toThrow(`${missing}: cannot be read (ENOENT)`);
  });

  it('still posts signal reminders when the office-hours schedule is gone since start-up, and says why', async () => {
    const wiki = new MemoryWiki({});
    const missing = tempFile('office-hours.yaml');
    fs.writeFileSync(missing, 'sessions: []\n');
    const settings = talkRemindersSettings.parse({ officeHours: { scheduleFile: missing, onWikiPage: null } });
    fs.rmSync(missing);

    const plan = await collectPlan(
      talkRemindersTask.plan({
        now: NOW,
        settings,
        wiki,
        ledger: ledgerWith([bannerSignal('A')]),
        log: memoryLogger().log,
        taskName: talkRemindersTask.name,
        botName: wiki.userName,
        pagesPerPart: PAGES_PER_PART,
      }),
    );

    expect(posts(plan).map((p) => p.title)).toEqual(['Talk:A']);
    expect(plan.notes).toEqual([`upcoming office hours were not checked: ${missing}: cannot be read (ENOENT)`]);
  });

  it('reminds of a session inside the window, once, and not of one after it', async () => {
    const wiki = new MemoryWiki({});
    const file = tempFile('office-hours.yaml');
    const session = (id: string, start: string) =>
      `  - { id: ${id}, page: A, start: "${start}", timeZone: UTC, durationMinutes: 30, language: en, link: "https://meet.example.org/${id}" }`;
    fs.writeFileSync(file, `sessions:\n${session('soon', '2026-11-24T11:00')}\n${session('later', '2026-11-24T13:00')}\n${session('past', '2026-11-21T11:00')}\n`);

    const plan = await planWith(wiki, ledgerWith([]), { officeHours: { scheduleFile: file, onWikiPage: null, daysBefore: 3 } });

    expect(posts(plan).map((p) => [p.title, p.dedupeKey, p.records])).toEqual([['Talk:A', 'reminder:office-hour:soon@2026-11-24T11:00:00Z', []]]);
  });
});
