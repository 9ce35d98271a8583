// The per-page contract (src/core/per-page.ts) with every hook: pages left alone before any is read
// come first, a part is read the task's way, treat may be async, what the pages gathered is concluded
// once with the last part, and `--page` keeps one target, or all of them when it names a report page.
import { z } from 'zod';
import { perPageTask, type PageTarget } from '../../../src/core/per-page';
import type { Task, TaskContext, TaskPlan } from '../../../src/core/task';
import { Ledger } from '../../../src/ledger/ledger';
import type { WikiReader } from '../../../src/wiki/client';
import { memoryLogger } from '../../support/local-wiki';
import { siteInfoWith } from '../../support/site-info';

const settings = z.object({ pages: z.array(z.string()) });
type Settings = z.infer<typeof settings>;

/** Reads "lengths" of its pages (one call a part, recorded), treats each asynchronously, and reports them all on one page. */
function lengthReport(reads: string[][]): Task<Settings> {
  return perPageTask({
    name: 'test-lengths',
    description: 'Test-only: reports the length of each page title.',
    edits: 'Report',
    defaultSchedule: '0 * * * *',
    settingsSchema: settings,
    async targets(ctx: TaskContext<Settings>) {
      const [skipped, ...pages] = ctx.settings.pages;
      return { targets: pages.map((title) => ({ title })), skips: [{ kind: 'skip', title: skipped, reason: 'left alone before reading' }], reportPages: ['Report'], notes: ['found'] };
    },
    async read(part: readonly PageTarget[]) {
      reads.push(part.map((t) => t.title));
      return new Map(part.map((t) => [t.title, t.title.length]));
    },
    async treat(length: number | undefined, target: PageTarget) {
      await Promise.resolve();
      return { notes: [`${target.title}: ${length}`], gathered: `${target.title}=${length}` };
    },
    afterAll(lines: string[]) {
      return { actions: [{ kind: 'edit', title: 'Report', summary: 'Lengths', transform: () => ({ text: lines.join(', ') }) }], notes: ['concluded'] };
    },
  });
}

function contextFor(pages: string[], pagesPerPart: number, onlyPage?: string): TaskContext<Settings> {
  const wiki: WikiReader = {
    userName: 'DeptBot',
    rights: new Set(),
    apiUrl: 'memory://wiki',
    titlesPerRequest: 50,
    siteInfo: siteInfoWith(),
    readPages: () => Promise.reject(new Error('the task reads its own way')),
    query: () => Promise.reject(new Error('no queries')),
    queryAll: () => {
      throw new Error('no queries');
    },
  };
  return { now: new Date(), settings: { pages }, wiki, ledger: Ledger.open(':memory:'), log: memoryLogger().log, taskName: 'test-lengths', botName: 'DeptBot', pagesPerPart, ...(onlyPage ? { onlyPage } : {}) };
}

async function parts(task: Task<Settings>, ctx: TaskContext<Settings>): Promise<TaskPlan[]> {
  const all: TaskPlan[] = [];
  for await (const part of task.plan(ctx)) all.push(part);
  return all;
}

const reportText = (plan: TaskPlan) => plan.actions.flatMap((a) => (a.kind === 'edit' ? [a.transform('', {} as never)] : []));

describe('per-page tasks', () => {
  it('skips first, then each part read its own way, the conclusion with the last part', async () => {
    const reads: string[][] = [];
    const plan = await parts(lengthReport(reads), contextFor(['Skipped', 'A', 'Bb', 'Ccc'], 2));

    expect(reads).toEqual([['A', 'Bb'], ['Ccc']]);
    expect(plan.map((p) => p.notes)).toEqual([['found', 'A: 1', 'Bb: 2'], ['Ccc: 3', 'concluded']]);
    expect(plan[0].actions).toEqual([{ kind: 'skip', title: 'Skipped', reason: 'left alone before reading' }]);
    expect(reportText(plan[1])).toEqual([{ text: 'A=1, Bb=2, Ccc=3' }]);
  });

  it('--page naming a target treats that target only', async () => {
    const reads: string[][] = [];
    const plan = await parts(lengthReport(reads), contextFor(['Skipped', 'A', 'Bb'], 500, 'bb'));

    expect(reads).toEqual([['Bb']]);
    expect(reportText(plan[0])).toEqual([{ text: 'Bb=2' }]);
  });

  it('--page naming a report page treats every target; naming another page, none', async () => {
    const reads: string[][] = [];
    const report = await parts(lengthReport(reads), contextFor(['Skipped', 'A', 'Bb'], 500, 'Report'));
    const other = await parts(lengthReport(reads), contextFor(['Skipped', 'A', 'Bb'], 500, 'Elsewhere'));

    expect(reportText(report[0])).toEqual([{ text: 'A=1, Bb=2' }]);
    expect(reportText(other[0])).toEqual([{ text: '' }]);
    expect(reads).toEqual([['A', 'Bb'], []]);
  });

  describe('reading the next part', () => {
    /** Logs each read and each treated page; reading `failing` fails. */
    function loggedTask(events: string[], failing?: string): Task<Settings> {
      return perPageTask({
        name: 'test-logged',
        description: 'Test-only: logs its reads and treatments.',
        edits: 'nothing',
        defaultSchedule: '0 * * * *',
        settingsSchema: settings,
        async targets(ctx: TaskContext<Settings>) {
          return { targets: ctx.settings.pages.map((title) => ({ title })), skips: [] };
        },
        async read(part: readonly PageTarget[]) {
          events.push(`read ${part.map((t) => t.title).join(',')}`);
          await new Promise((resolve) => setTimeout(resolve, 5));
          if (part.some((t) => t.title === failing)) throw new Error(`the wiki did not answer for ${failing}`);
          return new Map(part.map((t) => [t.title, t.title.length]));
        },
        treat(_length: number | undefined, target: PageTarget) {
          events.push(`treat ${target.title}`);
          return {};
        },
      });
    }

    /** Takes the parts one by one, logging when each is taken, as the run loop does. */
    async function take(task: Task<Settings>, ctx: TaskContext<Settings>, events: string[]): Promise<void> {
      for await (const _part of task.plan(ctx)) events.push('part taken');
    }

    it('a dry run reads the next part before it treats this one', async () => {
      const events: string[] = [];
      await take(loggedTask(events), { ...contextFor(['A', 'B', 'C'], 1), readsAhead: true }, events);

      expect(events).toEqual(['read A', 'read B', 'treat A', 'part taken', 'read C', 'treat B', 'part taken', 'treat C', 'part taken']);
    });

    it('a run that saves reads a part only once the one before is taken', async () => {
      const events: string[] = [];
      await take(loggedTask(events), contextFor(['A', 'B', 'C'], 1), events);

      expect(events).toEqual(['read A', 'treat A', 'part taken', 'read B', 'treat B', 'part taken', 'read C', 'treat C', 'part taken']);
    });

    it('a part read ahead that fails fails the plan when that part is reached, after the parts before it', async () => {
      const events: string[] = [];
      const plan = take(loggedTask(events, 'B'), { ...contextFor(['A', 'B', 'C'], 1), readsAhead: true }, events);

      await expect(plan).rejects.toThrow('the wiki did not answer for B');
      expect(events).toEqual(['read A', 'read B', 'treat A', 'part taken']);
    });
  });
});
