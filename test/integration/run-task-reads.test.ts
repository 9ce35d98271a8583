// A run reads each page once: what the task read while planning is what the writer prepares from
// (DESIGN §5), and a human edit made after that read is still kept (the save sends baserevid).
import { z } from 'zod';
import { runTask } from '../../src/core/run-task';
import { PAGES_PER_PART, type Task, type TaskPlan } from '../../src/core/task';
import type { WikiClient } from '../../src/wiki/client';
import { talkRemindersTask } from '../../tasks/talk-reminders';
import { upsertNote } from '../support/append-task';
import { connectAs, humanEdit, openTestRuntime, pageText, testConfig, uniquePrefix } from '../support/local-wiki';

const settings = z.object({ pages: z.array(z.string()).default([]), talkPages: z.array(z.string()).default([]) }).strict();

/** Called once the task has read its pages: lets a test edit a page "while the bot plans". */
let afterRead: () => Promise<void> = async () => undefined;

/** Reads its pages first (as real tasks do), then plans a note on each one that exists. */
const readingTask: Task<z.infer<typeof settings>> = {
  name: 'test-reading',
  description: 'Test-only: reads pages, then notes on each.',
  edits: 'the pages named in its settings',
  defaultSchedule: '*/5 * * * *',
  settingsSchema: settings,
  async *plan(ctx): AsyncGenerator<TaskPlan> {
    const pages = await ctx.wiki.readPages(ctx.settings.pages);
    await afterRead();
    yield {
      actions: [
        ...ctx.settings.pages
          .filter((title) => pages.get(title)?.exists)
          .map((title) => ({
            kind: 'edit' as const,
            title,
            summary: 'Noting',
            regions: ['test-note'],
            transform: (text: string) => upsertNote(text, 'Read once.'),
          })),
        ...ctx.settings.talkPages.map((title) => ({
          kind: 'new-section' as const,
          title,
          sectionTitle: 'Office hour on Thursday',
          body: 'A reminder.',
          dedupeKey: `test-reading:${title}`,
          summary: 'Reminder',
        })),
      ],
    };
  },
};

const tasks = [readingTask];

function configFor(pages: string[], talkPages: string[] = []) {
  return testConfig(tasks, (c) => ({ ...c, tasks: { ...c.tasks, [readingTask.name]: { enabled: true, schedule: '*/5 * * * *', settings: { pages, talkPages } } } }));
}

let editor: WikiClient;

beforeAll(async () => {
  editor = await connectAs('editor');
});

afterEach(() => {
  afterRead = async () => undefined;
});

it('a dry-run plans from the pages the task read, without reading them again', async () => {
  const prefix = uniquePrefix('read-once');
  const pages = [`${prefix}A`, `${prefix}B`, `${prefix}C`];
  for (const title of pages) await humanEdit(editor, title, 'Department text.\n');
  const runtime = await openTestRuntime({ tasks, dryRun: true, config: configFor(pages) });
  try {
    const report = await runTask(
      { wiki: runtime.wiki, ledger: runtime.ledger, config: runtime.config, log: runtime.log, clock: () => new Date() },
      { task: readingTask, trigger: 'cli', dryRun: true },
    );
    expect(report.outcomes.map((o) => o.status)).toEqual(['planned', 'planned', 'planned']);
    // One batch read by the task; preparing the plan adds none.
    expect(report.requests).toBe(1);
  } finally {
    runtime.close();
  }
});

it('keeps a human edit saved after the task read the page', async () => {
  const title = `${uniquePrefix('read-once-conflict')}Page`;
  await humanEdit(editor, title, 'First line.\n');
  afterRead = async () => {
    await humanEdit(editor, title, 'Rewritten by a human while the bot planned.\n');
  };
  const runtime = await openTestRuntime({ tasks, config: configFor([title]) });
  try {
    const report = await runTask(
      { wiki: runtime.wiki, ledger: runtime.ledger, config: runtime.config, log: runtime.log, clock: () => new Date() },
      { task: readingTask, trigger: 'cli', dryRun: false },
    );
    expect(report.outcomes.map((o) => o.status)).toEqual(['edited']);
  } finally {
    runtime.close();
  }
  expect(await pageText(editor, title)).toBe(
    'Rewritten by a human while the bot planned.\n\n<!-- deptbot:test-note -->\nRead once.\n<!-- /deptbot:test-note -->',
  );
});

it('a new section for a talk page that does not exist yet costs no history request', async () => {
  const talkPages = [`Talk:${uniquePrefix('read-once-talk')}A`, `Talk:${uniquePrefix('read-once-talk')}B`];
  const runtime = await openTestRuntime({ tasks, dryRun: true, config: configFor([], talkPages) });
  try {
    const report = await runTask(
      { wiki: runtime.wiki, ledger: runtime.ledger, config: runtime.config, log: runtime.log, clock: () => new Date() },
      { task: readingTask, trigger: 'cli', dryRun: true },
    );
    expect(report.outcomes.map((o) => o.status)).toEqual(['planned', 'planned']);
    // The task's read of nothing (no request) and one batch for the two talk pages; no history queries.
    expect(report.requests).toBe(1);
  } finally {
    runtime.close();
  }
});

// In parts of one page, the posts are chosen (afterAll) once the first talk page's part is done: the
// run keeps that page as read (a read per part, and the history of the existing page; none again).
it.each([
  [PAGES_PER_PART, 2],
  [1, 3],
])('talk-reminders: the writer prepares its posts from the task\'s own read of the talk pages (parts of %i pages: %i requests)', async (pagesPerPart, requests) => {
  const prefix = uniquePrefix('read-once-reminders');
  const [existing, missing] = [`${prefix}Existing`, `${prefix}Missing`];
  await humanEdit(editor, `Talk:${existing}`, 'A question about the department.\n');
  const config = testConfig([talkRemindersTask], (c) => ({
    ...c,
    tasks: {
      ...c.tasks,
      [talkRemindersTask.name]: {
        ...c.tasks[talkRemindersTask.name],
        settings: talkRemindersTask.settingsSchema.parse({ officeHours: { enabled: false } }),
      },
    },
  }));
  const runtime = await openTestRuntime({ tasks: [talkRemindersTask], dryRun: true, config });
  try {
    const at = new Date();
    const runId = runtime.ledger.startRun('historical-banner', 'cli', false, at);
    runtime.ledger.recordAll(
      runId,
      'historical-banner',
      at,
      [existing, missing].map((page) => ({
        kind: 'signal' as const,
        signal: { type: 'banner-removed', page, key: `banner-removed:${page}:1`, data: { template: 'Historical', addedInRevision: 1 } },
      })),
    );
    const report = await runTask(
      { wiki: runtime.wiki, ledger: runtime.ledger, config: runtime.config, log: runtime.log, clock: () => at, pagesPerPart },
      { task: talkRemindersTask, trigger: 'cli', dryRun: true },
    );
    expect(report.outcomes.map((o) => [o.title, o.status])).toEqual([
      [`Talk:${existing}`, 'planned'],
      [`Talk:${missing}`, 'planned'],
    ]);
    // One read of both talk pages and the bot's history of the existing one; no second read (the
    // namespaces come from the siteinfo the client read at connect, no longer a request of the run).
    expect(report.requests).toBe(requests);
  } finally {
    runtime.close();
  }
});
