// `plan` of several tasks previews what `run` of them does (issue 17): a signal that an earlier task
// records in a run makes talk-reminders post in the same run; its plan must show that post, and
// `apply` of the plan must make it. Two copies of a seeded talk page under prefixes of their own:
// one gets `run`, the other `plan --json` + `apply`; both end with the same post.
import { z } from 'zod';
import type { Task } from '../../../src/core/task';
import type { WikiClient } from '../../../src/wiki/client';
import { talkRemindersTask } from '../../../tasks/talk-reminders';
import { connectAs, pageText, tempFile, uniquePrefix } from '../../support/local-wiki';
import { copySeedPages } from '../../support/seed-pages';
import { runInProcess, withLedger, writeCliSetup } from './helpers/cli-harness';

const ORDINARY = 'Talk:Community Resilience and Sustainability';

/** Test-only: records, in its plan, the signal historical-banner records when a person removes a banner. */
const signalTask: Task<{ page: string }> = {
  name: 'test-signal',
  description: 'Test-only: records one banner-removed signal.',
  edits: 'nothing',
  defaultSchedule: '0 4 * * *',
  settingsSchema: z.object({ page: z.string().default('') }).strict(),
  async *plan(ctx) {
    const { page } = ctx.settings;
    const signal = { type: 'banner-removed', page, key: `banner-removed:${page}:101`, data: { template: 'Historical', addedInRevision: 101, removedInRevision: 102, removedBy: 'Editor1' } };
    yield { actions: [], records: [{ kind: 'signal' as const, signal }] };
  },
};

let editor: WikiClient;

beforeAll(async () => {
  editor = await connectAs('editor');
});

async function setupFor(name: string) {
  const prefix = uniquePrefix(name);
  const talk = (await copySeedPages(editor, prefix, [ORDINARY])).get(ORDINARY) as string;
  const setup = writeCliSetup({
    prefix,
    tasks: {
      'test-signal': { settings: { page: talk.replace(/^Talk:/, '') } },
      'talk-reminders': { settings: { officeHours: { enabled: false } } },
    },
  });
  return { setup, talk };
}

const tasks = [signalTask, talkRemindersTask];
const reminderMarkers = (text: string | null) => [...(text ?? '').matchAll(/<!-- deptbot:(reminder:[^>]*?) -->/g)].map((m) => m[1]);

it('plan --all --json then apply posts what run --all posts', async () => {
  const byRun = await setupFor('preview-run');
  const byPlan = await setupFor('preview-plan');
  const planFile = tempFile('plan.json');

  const run = await runInProcess(['run', '--all'], byRun.setup, { tasks });
  const plan = await runInProcess(['plan', '--all', '--json', planFile], byPlan.setup, { tasks });
  const apply = await runInProcess(['apply', planFile], byPlan.setup, { tasks });

  expect([run.code, plan.code, apply.code]).toEqual([0, 0, 0]);
  expect(plan.stdout).toContain('talk-reminders: 1 change(s) planned');
  const posted = reminderMarkers(await pageText(editor, byRun.talk));
  expect(posted).toHaveLength(1);
  expect(reminderMarkers(await pageText(editor, byPlan.talk))).toEqual(posted.map((m) => m.replace(byRun.talk.replace(/^Talk:/, ''), byPlan.talk.replace(/^Talk:/, ''))));
  // The apply recorded the signal and closed it with the post, as the run did.
  const signalOf = ({ setup, talk }: typeof byRun) =>
    withLedger(setup, (ledger) => [ledger.hasSignal(`banner-removed:${talk.replace(/^Talk:/, '')}:101`), ledger.openSignals().length]);
  expect(signalOf(byRun)).toEqual([true, 0]);
  expect(signalOf(byPlan)).toEqual([true, 0]);
});
