import fs from 'node:fs';
import { UsageError } from '../../../src/core/errors';
import { planFileFromReports, readPlanFile, staleReason, writePlanFile, type SavedChange } from '../../../src/core/plan-file';
import type { TaskRunReport } from '../../../src/core/run-task';
import type { PageState } from '../../../src/wiki/client';
import { tempFile } from '../../support/local-wiki';

const report: TaskRunReport = {
  task: 'alpha',
  runId: 12,
  dryRun: true,
  result: 'ok',
  startedAt: '2026-03-01T10:00:00.000Z',
  endedAt: '2026-03-01T10:00:02.000Z',
  changes: [
    {
      kind: 'edit',
      title: 'Page A',
      summary: 'Doing a thing ([[User:DeptBot/Tasks#alpha|deptbot alpha]])',
      baseRevId: 41,
      baseTimestamp: '2026-02-01T00:00:00Z',
      oldText: 'old text, not saved in the file',
      newText: 'new text',
      minor: false,
      records: [{ kind: 'task-state', key: 'k', value: { n: 1 } }],
    },
    {
      kind: 'new-section',
      title: 'Talk:Page A',
      summary: 'Reminder',
      baseRevId: 50,
      baseTimestamp: '2026-02-02T00:00:00Z',
      oldText: '',
      newText: 'Hello <!-- deptbot:alpha:1 --> ~~~~',
      minor: false,
      sectionTitle: 'A reminder',
      dedupeKey: 'alpha:1',
      records: [],
    },
  ],
  outcomes: [],
  notes: ['a note'],
  records: [{ kind: 'signal', signal: { type: 't', page: 'Page A', key: 's1', data: { x: 1 } } }],
  requests: 3,
};

describe('plan files', () => {
  it('saves what apply needs and reads it back', () => {
    const file = tempFile('plan.json');
    const plan = planFileFromReports([report], { apiUrl: 'http://wiki/api.php', botName: 'DeptBot', createdAt: new Date('2026-03-01T10:00:03Z') });

    writePlanFile(file, plan);

    expect(readPlanFile(file)).toEqual(plan);
    expect(plan.tasks[0]).toMatchObject({ task: 'alpha', plannedRunId: 12, notes: ['a note'], records: report.records });
    expect(plan.tasks[0].changes).toEqual([
      {
        kind: 'edit',
        title: 'Page A',
        summary: report.changes[0].summary,
        baseRevId: 41,
        baseTimestamp: '2026-02-01T00:00:00Z',
        newText: 'new text',
        minor: false,
        records: [{ kind: 'task-state', key: 'k', value: { n: 1 } }],
      },
      expect.objectContaining({ kind: 'new-section', sectionTitle: 'A reminder', dedupeKey: 'alpha:1' }),
    ]);
  });

  it.each([
    ['a missing file', null, /cannot be read \(ENOENT\)/],
    ['not JSON', '{oops', /not valid JSON/],
    ['another JSON document', '{"format":"something"}', /not a deptbot plan \(format: /],
    ['a change without its base revision', 'BROKEN_CHANGE', /not a deptbot plan \(tasks\[0\]\.changes\[0\]\.baseRevId: /],
  ])('refuses %s with a usage error naming the file', (_case, content, message) => {
    const file = tempFile('plan.json');
    if (content === 'BROKEN_CHANGE') {
      const plan = planFileFromReports([report], { apiUrl: 'a', botName: 'b', createdAt: new Date() });
      const broken = JSON.parse(JSON.stringify(plan));
      delete broken.tasks[0].changes[0].baseRevId;
      fs.writeFileSync(file, JSON.stringify(broken));
    } else if (content !== null) {
      fs.writeFileSync(file, content);
    }
    let caught: unknown;
    try {
      readPlanFile(file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message.startsWith(file)).toBe(true);
  });
});

describe('staleReason', () => {
  const change = (baseRevId: number | null): SavedChange => ({
    kind: 'edit',
    title: 'Page A',
    summary: 's',
    baseRevId,
    baseTimestamp: null,
    newText: 'x',
    minor: false,
    records: [],
  });
  const page = (exists: boolean, revId: number | null): PageState => ({
    title: 'Page A',
    namespace: 0,
    exists,
    revId,
    timestamp: null,
    lastEditor: null,
    text: exists ? 't' : null,
    contentModel: exists ? 'wikitext' : null,
    isRedirect: false,
    protection: [],
  });

  it.each([
    ['unchanged', change(41), page(true, 41), null],
    ['edited since', change(41), page(true, 45), '"Page A" changed since the plan was made (revision 41 → 45); re-plan it'],
    ['deleted since', change(41), page(false, null), '"Page A" was deleted since the plan was made; re-plan it'],
    ['still missing, to be created', change(null), page(false, null), null],
    ['created since', change(null), page(true, 7), '"Page A" was created since the plan was made (revision 7); re-plan it'],
    ['not returned', change(41), undefined, 'the wiki did not return "Page A"'],
  ])('%s', (_case, saved, current, reason) => {
    expect(staleReason(saved, current)).toBe(reason);
  });
});
