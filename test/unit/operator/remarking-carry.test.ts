// Pages needing re-marking for translation stay on the status page until they are marked (issue 16),
// and a run that resolves nothing leaves the status page as it was (issue 15): the entries are
// carried forward from the runs in the ledger and dropped once a later run marks the page, or the
// wiki shows its latest revision marked, or the page is gone. No wiki: a reader in memory.
import { z } from 'zod';
import { MARK_KIND } from '../../../src/core/mark-for-translation';
import type { ChangeOutcome } from '../../../src/core/planned-change';
import type { Task } from '../../../src/core/task';
import { Ledger, type RunRow } from '../../../src/ledger/ledger';
import { renderStatusBody } from '../../../src/status/render-status-page';
import { collectTaskStatuses, openRemarkings, withoutResolvedMarkings } from '../../../src/status/task-status';
import type { PageState, WikiReader } from '../../../src/wiki/client';
import { testConfig } from '../../support/local-wiki';
import { siteInfoWith } from '../../support/site-info';

const needs = (title: string, why = 'the bot account lacks the pagetranslation right'): ChangeOutcome => ({
  title,
  kind: MARK_KIND,
  status: 'skipped',
  reason: `needs re-marking for translation so that its translations show the bot's change: ${why}; a translation administrator can mark it at Special:PageTranslation`,
});
const marked = (title: string): ChangeOutcome => ({ title, kind: MARK_KIND, status: 'marked', oldRevId: 1, newRevId: 2 });
const edited = (title: string): ChangeOutcome => ({ title, kind: 'edit', status: 'edited', oldRevId: 1, newRevId: 2 });

let nextId = 1;
const run = (outcomes: ChangeOutcome[]): RunRow => ({
  id: nextId++,
  task: 'banner',
  trigger: 'cli',
  dryRun: false,
  startedAt: '2026-03-01T04:30:00.000Z',
  endedAt: '2026-03-01T04:31:00.000Z',
  result: 'ok',
  edits: 1,
  skipped: 0,
  errors: 0,
  requests: 1,
  details: { outcomes },
});

describe('openRemarkings', () => {
  it('keeps an entry until a later run marks the page, with the newest reason, ordered by title', () => {
    const open = openRemarkings([
      run([edited('B'), needs('B'), edited('A'), needs('A'), needs('C')]),
      run([edited('C'), marked('C')]),
      run([edited('A'), needs('A', 'it has never been marked for translation')]),
    ]);
    expect(open.map((o) => [o.title, o.reason?.includes('never been marked')])).toEqual([
      ['A', true],
      ['B', false],
    ]);
  });

  it('an entry marked and then needing re-marking again is open again', () => {
    expect(openRemarkings([run([needs('A')]), run([marked('A')]), run([needs('A')])]).map((o) => o.title)).toEqual(['A']);
  });

  it('outcomes other than a marking leave an entry as it was', () => {
    const failed: ChangeOutcome = { title: 'A', kind: MARK_KIND, status: 'failed', reason: 'marking for translation failed: x' };
    expect(openRemarkings([run([needs('A')]), run([failed, { ...needs('A'), kind: 'edit' }])])).toEqual([needs('A')]);
  });
});

/** A wiki in memory: latest revisions (absent = missing page) and the revision last marked, counting requests. */
function memoryWiki(latest: Record<string, number>, lastMarked: Record<string, number>) {
  const asked = { reads: [] as string[][], logs: [] as string[] };
  const wiki = {
    userName: 'DeptBot',
    rights: new Set<string>(),
    apiUrl: 'http://wiki.test/api.php',
    titlesPerRequest: 50,
    siteInfo: siteInfoWith(),
    async readPages(titles: readonly string[]): Promise<Map<string, PageState>> {
      asked.reads.push([...titles]);
      return new Map(
        titles.map((title) => [
          title,
          { title, namespace: 0, exists: title in latest, revId: latest[title] ?? null, timestamp: null, lastEditor: null, text: null, contentModel: null, isRedirect: false, protection: [] },
        ]),
      );
    },
    async query(params: Record<string, unknown>) {
      const title = String(params.letitle);
      asked.logs.push(title);
      const revision = lastMarked[title];
      return { query: { logevents: revision === undefined ? [] : [{ action: 'mark', params: { revision } }] } };
    },
    async *queryAll() {},
  } as unknown as WikiReader;
  return { wiki, asked };
}

describe('withoutResolvedMarkings', () => {
  const task: Task<undefined> = {
    name: 'banner',
    description: 'd',
    edits: 'e',
    defaultSchedule: '0 * * * *',
    settingsSchema: z.undefined(),
    async *plan() {},
  };
  const config = testConfig([]);

  function ledgerWith(runs: ChangeOutcome[][]): Ledger {
    const ledger = Ledger.open(':memory:');
    runs.forEach((outcomes, i) => {
      const id = ledger.startRun('banner', 'cli', false, new Date(Date.UTC(2026, 2, 1, i)));
      const edits = outcomes.filter((o) => o.status === 'edited').length;
      ledger.finishRun(id, new Date(Date.UTC(2026, 2, 1, i, 1)), { result: 'ok', edits, skipped: 0, errors: 0, requests: 1, details: { outcomes } });
    });
    return ledger;
  }

  it('keeps what the wiki does not show resolved, asking once per open page and only for those', async () => {
    const ledger = ledgerWith([[edited('Open'), needs('Open'), edited('Hand'), needs('Hand'), edited('Gone'), needs('Gone'), edited('Bot'), marked('Bot')]]);
    // "Open" has a revision after the marked one; "Hand" was marked by hand at its latest revision; "Gone" was deleted.
    const { wiki, asked } = memoryWiki({ Open: 12, Hand: 20, Bot: 30 }, { Open: 10, Hand: 20, Bot: 30 });
    const statuses = await withoutResolvedMarkings(wiki, collectTaskStatuses(ledger, [task], config, () => null));
    expect(statuses[0].awaitingMarking.map((o) => o.title)).toEqual(['Open']);
    expect(asked.reads).toEqual([['Gone', 'Hand', 'Open']]);
    expect(asked.logs.sort()).toEqual(['Hand', 'Open']);
  });

  it('asks nothing when no page waits, and keeps the entries when the wiki cannot be asked', async () => {
    const { wiki, asked } = memoryWiki({}, {});
    await withoutResolvedMarkings(wiki, collectTaskStatuses(ledgerWith([[edited('A'), marked('A')]]), [task], config, () => null));
    expect(asked).toEqual({ reads: [], logs: [] });
    const failing = { ...wiki, readPages: () => Promise.reject(new Error('down')) } as WikiReader;
    const statuses = await withoutResolvedMarkings(failing, collectTaskStatuses(ledgerWith([[edited('A'), needs('A')]]), [task], config, () => null));
    expect(statuses[0].awaitingMarking).toEqual([needs('A')]);
  });

  it('a later run that saves nothing leaves the status page as it was; a run that marks the page removes the entry', async () => {
    const { wiki } = memoryWiki({ A: 12, B: 5 }, { A: 10 });
    const body = async (ledger: Ledger) =>
      renderStatusBody(await withoutResolvedMarkings(wiki, collectTaskStatuses(ledger, [task], config, (last) => (last ? new Date(last.startedAt) : null))), { docsPage: 'T' });
    const first = await body(ledgerWith([[edited('B'), needs('B'), edited('A'), needs('A')]]));
    expect(first).toContain('* [[:A]]: needs re-marking for translation');
    expect(first.indexOf('[[:A]]: needs')).toBeLessThan(first.indexOf('[[:B]]: needs'));
    const quiet = await body(ledgerWith([[edited('B'), needs('B'), edited('A'), needs('A')], []]));
    expect(quiet.replace(/\d{4}-\d\d-\d\d \d\d:\d\d/g, 'T')).toBe(first.replace(/\d{4}-\d\d-\d\d \d\d:\d\d/g, 'T'));
    const markedLater = await body(ledgerWith([[edited('B'), needs('B'), edited('A'), needs('A')], [edited('A'), marked('A')]]));
    expect(markedLater).not.toContain('[[:A]]: needs');
    expect(markedLater).toContain('[[:B]]: needs');
  });
});
