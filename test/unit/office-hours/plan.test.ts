// plan() against a wiki answering from memory: the pages are read and planned part by part, and the
// parts together make the same plan as one part would.
import fs from 'node:fs';
import { PAGES_PER_PART } from '../../../src/core/task';
import { Ledger } from '../../../src/ledger/ledger';
import type { ApiResponse, PageState, WikiReader } from '../../../src/wiki/client';
import { officeHoursTask } from '../../../tasks/office-hours';
import { officeHoursSettings } from '../../../tasks/office-hours/settings';
import { collectPlan } from '../../support/collect-plan';
import { memoryLogger, tempFile } from '../../support/local-wiki';
import { editsNotRead, effectOf, mergeParts, planPartByPart } from '../../support/plan-in-parts';
import { siteInfoWith } from '../../support/site-info';

const NOW = new Date('2026-11-21T09:00:00Z');
const ON_WIKI = 'User:DeptBot/office-hours.json';

/** Pages in memory; it keeps the titles of every readPages call, in order. */
class MemoryWiki implements WikiReader {
  readonly userName = 'DeptBot';
  readonly apiUrl = 'memory://wiki';
  readonly titlesPerRequest = 50;
  readonly siteInfo = siteInfoWith();
  readonly rights: ReadonlySet<string> = new Set(['bot']);
  readonly reads: string[][] = [];

  constructor(private readonly texts: Record<string, string>) {}

  async readPages(titles: readonly string[]): Promise<Map<string, PageState>> {
    this.reads.push([...titles]);
    return new Map(
      titles.map((title): [string, PageState] => {
        const text = this.texts[title] ?? null;
        return [
          title,
          {
            title,
            namespace: title.startsWith('User:') ? 2 : 0,
            exists: text !== null,
            revId: text === null ? null : 7,
            timestamp: text === null ? null : '2026-11-01T00:00:00Z',
            lastEditor: text === null ? null : 'Editor1',
            text,
            contentModel: text === null ? null : title.endsWith('.json') ? 'json' : 'wikitext',
            isRedirect: false,
            protection: [],
          },
        ];
      }),
    );
  }

  async query(): Promise<ApiResponse> {
    throw new Error('office-hours reads pages only');
  }

  async *queryAll(): AsyncGenerator<ApiResponse> {
    throw new Error('office-hours reads pages only');
  }
}

const session = (id: string, page: string, start: string, extra = '') =>
  `  - { id: ${id}, page: "${page}", start: "${start}", timeZone: UTC, durationMinutes: 60, language: en, link: "https://meet.example.org/${id}"${extra} }`;

/** Seven pages of every kind (configured or named by a session, either layout, stale prose, missing), and an on-wiki page with one bad entry. */
function seeded() {
  const file = tempFile('office-hours.yaml');
  fs.writeFileSync(
    file,
    [
      'sessions:',
      session('a-monthly', 'Dept A', '2026-01-06T16:00', ', rrule: "FREQ=MONTHLY;BYDAY=1TU"'),
      session('b-past', 'Dept B', '2021-04-17T15:00'),
      session('b-next', 'Dept B', '2026-12-03T16:00'),
      session('c-next', 'Dept C', '2027-01-21T16:00'),
      session('d-next', 'Dept D', '2026-11-30T10:00'),
      session('e-weekly', 'Dept E', '2026-11-02T18:00', ', rrule: "FREQ=WEEKLY"'),
      '',
    ].join('\n'),
  );
  const onWiki = {
    sessions: [
      { id: 'g-next', page: 'Dept G', start: '2026-12-10T12:00', timeZone: 'Europe/Berlin', durationMinutes: 45, language: 'de', link: 'https://meet.example.org/g' },
      { id: 'broken', page: 'Dept A' },
    ],
  };
  const wiki = new MemoryWiki({
    [ON_WIKI]: JSON.stringify(onWiki),
    'Dept A': 'Intro.\n\n== Office hours ==\nOur next office hour will take place on April 17, 2021!\n\n== Team ==\nPeople.\n',
    'Dept B': 'Intro.\n\n== Office hours ==\n<!-- deptbot:office-hours -->\nold\n<!-- /deptbot:office-hours -->\n',
    'Dept C': '<languages/>\n<translate>\n== Office hours == <!--T:1-->\nWe meet monthly.\n</translate>\n',
    'Dept D': 'No section yet.\n\n[[Category:Departments]]\n',
    'Dept F': '== Office hours ==\nThe office hours are going to be held on 2020-03-01.\n',
    'Dept G': '== Office hours ==\n',
    // Dept E does not exist.
  });
  const settings = officeHoursSettings.parse({
    scheduleFile: file,
    onWikiPage: ON_WIKI,
    // The departments' own schedule pages are a source of their own (test/integration/office-hours-trusted.test.ts):
    // here the schedule is read in one request, as the assertions on the reads expect.
    departmentSchedulePage: null,
    pages: [
      { title: 'Dept A', manage: 'section' },
      { title: 'Dept F' },
    ],
  });
  return { wiki, settings };
}

function contextFor(wiki: WikiReader, settings: ReturnType<typeof seeded>['settings'], pagesPerPart = PAGES_PER_PART, onlyPage?: string) {
  return {
    now: NOW,
    settings,
    wiki,
    ledger: Ledger.open(':memory:'),
    log: memoryLogger().log,
    taskName: officeHoursTask.name,
    botName: wiki.userName,
    pagesPerPart,
    ...(onlyPage ? { onlyPage } : {}),
  };
}

describe('office-hours plan, in parts', () => {
  it.each([1, 2, 3])('%i page(s) a part: several parts that together make the plan of one part', async (pagesPerPart) => {
    const { wiki, settings } = seeded();

    const whole = await collectPlan(officeHoursTask.plan(contextFor(wiki, settings)));
    const parts = await planPartByPart(officeHoursTask.plan(contextFor(wiki, settings, pagesPerPart)), () => wiki.reads);
    const merged = await mergeParts(parts);

    expect(whole.parts).toBe(1);
    expect(parts.length).toBeGreaterThan(2);
    // The schedule's record and note, and a stale announcement's, are all in the plan to compare.
    expect(whole.records?.map((r) => r.kind)).toEqual(expect.arrayContaining(['task-state', 'signal']));
    expect(whole.notes).toContainEqual(expect.stringContaining(`${ON_WIKI}:1: entry sessions[1] (id "broken") is invalid`));
    expect(whole.notes).toContainEqual(expect.stringContaining('still announces April 17, 2021'));
    expect(await effectOf(wiki, merged)).toEqual(await effectOf(wiki, whole));
  });

  it.each([1, 2, 3])('%i page(s) a part: each part edits only pages read for it, and reads at most a part of them', async (pagesPerPart) => {
    const { wiki, settings } = seeded();

    const parts = await planPartByPart(officeHoursTask.plan(contextFor(wiki, settings, pagesPerPart)), () => wiki.reads);

    expect(parts.flatMap(editsNotRead)).toEqual([]);
    const [schedule, ...partReads] = wiki.reads;
    expect(schedule).toEqual([ON_WIKI]);
    expect(partReads).toHaveLength(parts.length);
    for (const titles of partReads) expect(titles.length).toBeLessThanOrEqual(pagesPerPart);
  });

  it('gives the schedule its own part when no page is planned', async () => {
    const { wiki, settings } = seeded();

    const plan = await collectPlan(officeHoursTask.plan(contextFor(wiki, settings, 2, 'Not a department')));

    expect(plan.parts).toBe(1);
    expect(plan.actions).toEqual([]);
    expect(plan.records?.map((r) => r.kind)).toEqual(['task-state']);
    expect(plan.notes).toEqual([expect.stringContaining(`${ON_WIKI}:1: entry sessions[1] (id "broken") is invalid`)]);
  });
});
