import { z } from 'zod';
import type { Config } from '../../../src/config/schema';
import type { Task } from '../../../src/core/task';
import type { RunRow } from '../../../src/ledger/ledger';
import { Ledger } from '../../../src/ledger/ledger';
import { regionTransform, statusPageActions } from '../../../src/status/publish-status';
import { renderStatusBody } from '../../../src/status/render-status-page';
import { renderTasksBody } from '../../../src/status/render-tasks-page';
import type { TaskStatus } from '../../../src/status/task-status';
import { escapeWikitext, sameIgnoringTimes } from '../../../src/status/wikitext-text';
import type { PageState } from '../../../src/wiki/client';
import { testConfig } from '../../support/local-wiki';

const run = (overrides: Partial<RunRow> = {}): RunRow => ({
  id: 7,
  task: 'alpha',
  trigger: 'schedule',
  dryRun: false,
  startedAt: '2026-03-01T04:30:12.000Z',
  endedAt: '2026-03-01T04:31:00.000Z',
  result: 'ok',
  edits: 1,
  skipped: 1,
  errors: 0,
  requests: 9,
  details: {},
  ...overrides,
});

const edit = { runId: 7, task: 'alpha', page: 'Some page', kind: 'edit' as const, oldRevId: 10, newRevId: 11, summary: 's', madeAt: '2026-03-01T04:30:40.000Z' };

const status = (overrides: Partial<TaskStatus> = {}): TaskStatus => ({
  task: 'alpha',
  enabled: true,
  schedule: '30 4 * * *',
  lastRun: run(),
  counts: { saved: 1, upToDate: 0, skipped: 1, failed: 0, notReached: 0 },
  edits: [edit],
  recentEdits: [{ run: run(), edits: [edit] }],
  notSaved: [{ title: 'Talk:Other', kind: 'edit', status: 'skipped', reason: '{{nobots}} excludes all bots' }],
  awaitingMarking: [],
  notes: [],
  error: null,
  nextRun: new Date('2026-03-02T04:30:00Z'),
  ...overrides,
});

describe('renderStatusBody', () => {
  it('shows per task the last run, result and next run, linking the Tasks page, and the edits of its latest runs that saved something', () => {
    const body = renderStatusBody([status(), status({ task: 'beta', lastRun: null, edits: [], recentEdits: [], notSaved: [], nextRun: null, enabled: false })], {
      docsPage: 'User:DeptBot/Tasks',
    });
    expect(body).toContain('| [[User:DeptBot/Tasks#alpha|alpha]] || 2026-03-01 04:30 UTC (schedule) || ok || 2026-03-02 04:30 UTC');
    expect(body).toContain('| [[User:DeptBot/Tasks#beta|beta]] || never run || — || disabled');
    expect(body).toContain("'''Recent edits'''\n* 2026-03-01 04:30 UTC (schedule): 1 page saved\n** [[:Some page]] ([[Special:Diff/11|diff]])");
  });

  it('keeps the body of a quiet run as it was but for times: its edits stay listed until a run saves something again', () => {
    const busy = renderStatusBody([status()], { docsPage: 'T' });
    const quietRun = run({ id: 8, startedAt: '2026-03-02T04:30:00.000Z', edits: 0 });
    const quiet = renderStatusBody([status({ lastRun: quietRun, edits: [], counts: { saved: 0, upToDate: 1, skipped: 1, failed: 0, notReached: 0 } })], { docsPage: 'T' });
    expect(sameIgnoringTimes(quiet, busy)).toBe(true);
  });

  it('keeps each label on its own line and does not repeat a skip reason as a note', () => {
    const reason = 'the wiki has no Translate extension';
    const body = renderStatusBody([status({ recentEdits: [], notSaved: [{ title: 'R', kind: 'edit', status: 'skipped', reason }], notes: [reason, 'Another note'] })], {
      docsPage: 'T',
    });
    expect(body).toContain("\n\n'''Recent edits''' none recorded.\n\n'''Waiting for a person'''\n* [[:R]]: the wiki has no Translate extension\n* Another note");
    expect(body.split(reason)).toHaveLength(2);
  });

  it('shows an apply refused because its pages changed since the plan as such, not as a failed task', () => {
    const refused = { title: 'P', kind: 'edit' as const, status: 'failed' as const, reason: '"P" changed since the plan was made (revision 4 → 5); re-plan it' };
    const body = renderStatusBody([status({ lastRun: run({ trigger: 'apply', result: 'failed' }), notSaved: [refused] })], { docsPage: 'T' });
    expect(body).toContain('(apply) || plan refused: 1 page(s) changed since it was made; re-plan ||');
    const crashed = renderStatusBody([status({ lastRun: run({ trigger: 'apply', result: 'failed' }), notSaved: [{ ...refused, reason: 'protected' }] })], { docsPage: 'T' });
    expect(crashed).toContain('(apply) || failed ||');
  });

  it('shows reasons as plain text: a quoted template or signature cannot act', () => {
    const body = renderStatusBody([status()], { docsPage: 'User:DeptBot/Tasks' });
    expect(body).toContain('* [[:Talk:Other]]: <code>&#123;&#123;nobots&#125;&#125;</code> excludes all bots');
    expect(body).not.toContain('{{nobots}}');
  });

  it('caps long lists and counts the rest', () => {
    const many = Array.from({ length: 5 }, (_, i) => ({ title: `P${i}`, kind: 'edit' as const, status: 'failed' as const, reason: 'x' }));
    const body = renderStatusBody([status({ notSaved: many })], { docsPage: 'T', listLimit: 2 });
    expect(body).toContain('* [[:P1]]: x');
    expect(body).not.toContain('* [[:P2]]: x');
    expect(body).toContain('… and 3 more');
  });

  it('says so when no task is registered', () => {
    expect(renderStatusBody([], { docsPage: 'T' })).toContain("''No tasks are registered.''");
  });
});

describe('statusPageActions', () => {
  it('saves the Tasks page before the status page that links its sections (a link to a page not there yet renders red)', () => {
    const config = testConfig([]);
    const actions = statusPageActions({ ledger: Ledger.open(':memory:'), tasks: [], config });
    expect(actions.map((a) => a.title)).toEqual([config.bot.docsPage, config.bot.statusPage]);
  });
});

describe('regionTransform (status page)', () => {
  const page = {} as PageState;
  const body = (time: string) => `Last run ${time} UTC, 3 edits`;

  it('adds the region at the end of a page without one', () => {
    expect(regionTransform('status', body('2026-03-01 04:30'), true)('Intro text.\n', page)).toEqual({
      text: 'Intro text.\n\n<!-- deptbot:status -->\nLast run 2026-03-01 04:30 UTC, 3 edits\n<!-- /deptbot:status -->\n',
    });
  });

  it('leaves the page as it is when only a time would change (no timestamp-only edits)', () => {
    const current = `Top\n<!-- deptbot:status -->\n${body('2026-03-01 04:30')}\n<!-- /deptbot:status -->\nBottom`;
    expect(regionTransform('status', body('2026-03-02 04:30'), true)(current, page)).toEqual({ text: current });
  });

  it('rewrites the region, and only the region, when something else changes', () => {
    const current = `Top\n<!-- deptbot:status -->\n${body('2026-03-01 04:30')}\n<!-- /deptbot:status -->\nBottom`;
    expect(regionTransform('status', 'Last run 2026-03-02 04:30 UTC, 0 edits', true)(current, page)).toEqual({
      text: 'Top\n<!-- deptbot:status -->\nLast run 2026-03-02 04:30 UTC, 0 edits\n<!-- /deptbot:status -->\nBottom',
    });
  });

  it('a second pass changes nothing', () => {
    const transform = regionTransform('status', body('2026-03-01 04:30'), true);
    const once = transform('Intro', page) as { text: string };
    expect(transform(once.text, page)).toEqual({ text: once.text });
  });
});

describe('sameIgnoringTimes / escapeWikitext', () => {
  it.each([
    ['2026-01-01 04:30 UTC ok', '2026-02-03 05:00 UTC ok', true],
    ['2026-01-01 04:30 UTC ok', '2026-01-01 04:30 UTC failed', false],
    ['edits 1', 'edits 2', false],
  ])('%s vs %s → %s', (a, b, same) => {
    expect(sameIgnoringTimes(a, b)).toBe(same);
  });

  it('neutralises links, templates, tables, signatures and magic words', () => {
    expect(escapeWikitext("[[X]] {{T|a}} ~~~~ __NOTOC__ 'b'\nnext")).toBe(
      '<code>&#91;&#91;X&#93;&#93;</code> <code>&#123;&#123;T&#124;a&#125;&#125;</code> &#126;&#126;&#126;&#126; &#95;&#95;NOTOC&#95;&#95; &#39;b&#39; next',
    );
  });
});

describe('renderTasksBody', () => {
  const task = (name: string, overrides: Partial<Task> = {}): Task => ({
    name,
    description: `Does ${name} things with {{templates}}.`,
    edits: 'department pages',
    defaultSchedule: '0 4 * * *',
    settingsSchema: z.object({ pages: z.array(z.string()).default([]) }),
    plan: async function* () {
      yield { actions: [] };
    },
    ...overrides,
  });
  const tasks = [task('alpha'), task('beta')];
  const config: Config = testConfig(tasks, (c) => ({
    ...c,
    tasks: {
      alpha: { enabled: true, schedule: '15 3 * * *', settings: { pages: ['A <b>', 'B'] } },
      beta: { enabled: false, schedule: '0 4 * * *', settings: { pages: [] } },
    },
  }));

  it('has one section per registered task, headed by its name (the anchor edit summaries link), and one for the status pages', () => {
    const body = renderTasksBody(tasks, config);
    expect(body.match(/^== .* ==$/gm)).toEqual(['== alpha ==', '== beta ==', '== status ==']);
  });

  it('shows the description, schedule, what it edits, how to stop it and its settings', () => {
    const body = renderTasksBody(tasks, config);
    expect(body).toContain('Does alpha things with <code>&#123;&#123;templates&#125;&#125;</code>.');
    expect(body).toContain("* '''Schedule:''' <code>15 3 * * *</code> (cron, UTC); the task's default is <code>0 4 * * *</code>");
    expect(body).toContain("* '''Schedule:''' disabled in the configuration.");
    expect(body).toContain("* '''Edits:''' department pages");
    expect(body).toContain(`[[${config.safety.shutoffPage}/alpha]]`);
    expect(body).toContain('<pre>\npages:\n  - A &lt;b&gt;\n  - B\n</pre>');
  });

  it('says so when no task is registered', () => {
    expect(renderTasksBody([], config)).toContain("''No tasks are registered.''");
  });
});
